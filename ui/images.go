package ui

import (
	"bytes"
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/learnerwallet/learnerwallet/assets"
	"github.com/learnerwallet/learnerwallet/wallet"
)

var (
	badgePlaceholder  = fyne.NewStaticResource("badge-placeholder.svg", assets.BadgePlaceholder)
	recordPlaceholder = fyne.NewStaticResource("record-placeholder.svg", assets.RecordPlaceholder)
	// AppIcon is the application icon.
	AppIcon = fyne.NewStaticResource("learner-wallet.png", assets.Icon)
)

// imageCache holds decrypted badge pictures as resources, loaded off the UI
// goroutine the first time they are asked for.
type imageCache struct {
	mu      sync.Mutex
	res     map[string]fyne.Resource // nil value: no picture
	loading map[string]bool
}

func newImageCache() *imageCache {
	return &imageCache{res: map[string]fyne.Resource{}, loading: map[string]bool{}}
}

// get returns the picture for it, or its placeholder while it loads or when
// it has none; loaded is called (on the UI goroutine) once a picture arrives.
func (c *imageCache) get(w *wallet.Wallet, run runner, it wallet.Item, loaded func()) fyne.Resource {
	placeholder := fyne.Resource(badgePlaceholder)
	if it.Kind == wallet.KindCLR {
		placeholder = recordPlaceholder
	}
	if !it.HasImage {
		return placeholder
	}
	c.mu.Lock()
	r, ok := c.res[it.ID]
	busy := c.loading[it.ID]
	if !ok && !busy {
		c.loading[it.ID] = true
	}
	c.mu.Unlock()
	if ok {
		if r == nil {
			return placeholder
		}
		return r
	}
	if !busy {
		var res fyne.Resource
		run(func() {
			if b, err := w.Image(it.ID); err == nil && len(b) > 0 {
				res = fyne.NewStaticResource(fmt.Sprintf("%s.%s", it.ID, imageExt(b)), b)
			}
			c.mu.Lock()
			c.res[it.ID] = res
			delete(c.loading, it.ID)
			c.mu.Unlock()
		}, func() {
			if res != nil {
				loaded()
			}
		})
	}
	return placeholder
}

func (c *imageCache) forget(id string) {
	c.mu.Lock()
	delete(c.res, id)
	c.mu.Unlock()
}

// imageExt names an image's type from its bytes, so Fyne picks the decoder.
func imageExt(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG")):
		return "png"
	case bytes.HasPrefix(b, []byte{0xff, 0xd8}):
		return "jpg"
	case bytes.HasPrefix(b, []byte("GIF8")):
		return "gif"
	}
	return "svg"
}

func newBadgeImage(size float32) *canvas.Image {
	img := canvas.NewImageFromResource(badgePlaceholder)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(size))
	return img
}

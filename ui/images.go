package ui

import (
	"bytes"
	"container/list"
	"image"
	_ "image/gif" // decoders for badge pictures
	_ "image/jpeg"
	_ "image/png"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"golang.org/x/image/draw"

	"github.com/learnerwallet/learnerwallet/assets"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

var (
	badgePlaceholder  = fyne.NewStaticResource("badge-placeholder.svg", assets.BadgePlaceholder)
	recordPlaceholder = fyne.NewStaticResource("record-placeholder.svg", assets.RecordPlaceholder)
	// AppIcon is the application icon.
	AppIcon = fyne.NewStaticResource("learner-wallet.png", assets.Icon)
)

// Limits on badge pictures. A picture comes from an untrusted credential: a
// few bytes of PNG can claim to be 30000×30000 pixels.
const (
	maxPicturePixels = 6000 * 6000
	maxSVGBytes      = 2 << 20
	thumbnailSize    = 256 // largest side of a decoded picture kept for display
)

// picture is a badge picture ready to show: an SVG resource Fyne renders at
// the size shown, or a raster image already decoded and shrunk.
type picture struct {
	res fyne.Resource
	img image.Image
}

// show puts p into c.
func (p picture) show(c *canvas.Image) {
	c.Resource, c.Image = p.res, p.img
	c.Refresh()
}

// maxPictures bounds how many pictures the cache keeps: a screenful is a
// few dozen, and each may take 256 KB decoded (an SVG up to 2 MB), so a
// wallet of 10,000 scrolled through does not hold them all.
const maxPictures = 256

// imageCache holds badge pictures, decrypted and decoded off the UI
// goroutine the first time they are asked for, the most recently shown
// maxPictures of them.
type imageCache struct {
	mu      sync.Mutex
	pics    map[string]*list.Element // of cached
	recent  list.List                // of cached, most recently used first
	loading map[string]bool
}

type cached struct {
	id string
	p  *picture // nil: none usable
}

func newImageCache() *imageCache {
	return &imageCache{pics: map[string]*list.Element{}, loading: map[string]bool{}}
}

// lookup returns the cached picture for id, marking it as just used.
// Called with mu held.
func (c *imageCache) lookup(id string) (*picture, bool) {
	e, ok := c.pics[id]
	if !ok {
		return nil, false
	}
	c.recent.MoveToFront(e)
	return e.Value.(cached).p, true
}

// put caches p for id, forgetting the least recently used pictures
// beyond maxPictures. Called with mu held.
func (c *imageCache) put(id string, p *picture) {
	if e, ok := c.pics[id]; ok {
		c.recent.Remove(e)
	}
	c.pics[id] = c.recent.PushFront(cached{id, p})
	for c.recent.Len() > maxPictures {
		old := c.recent.Remove(c.recent.Back()).(cached)
		delete(c.pics, old.id)
	}
}

// get returns the picture for it, or its placeholder while it loads or when
// it has none; loaded is called (on the UI goroutine) once a picture arrives.
func (c *imageCache) get(w *wallet.Wallet, r runner, it wallet.Item, loaded func()) picture {
	placeholder := picture{res: badgePlaceholder}
	if it.Kind == credential.KindCLR {
		placeholder.res = recordPlaceholder
	}
	if !it.HasImage {
		return placeholder
	}
	c.mu.Lock()
	p, ok := c.lookup(it.ID)
	busy := c.loading[it.ID]
	if !ok && !busy {
		c.loading[it.ID] = true
	}
	c.mu.Unlock()
	if ok {
		if p == nil {
			return placeholder
		}
		return *p
	}
	if !busy {
		var got *picture
		r.run(func() {
			if b, err := w.Image(it.ID); err == nil {
				got = decodePicture(it.ID, b)
			}
			c.mu.Lock()
			c.put(it.ID, got)
			delete(c.loading, it.ID)
			c.mu.Unlock()
		}, func() {
			if got != nil {
				loaded()
			}
		})
	}
	return placeholder
}

// decodePicture makes a picture of image bytes, or returns nil when they are
// not a picture that can be shown safely.
func decodePicture(id string, b []byte) *picture {
	if len(b) == 0 {
		return nil
	}
	if isSVG(b) {
		if len(b) > maxSVGBytes {
			return nil
		}
		return &picture{res: fyne.NewStaticResource(id+".svg", b)}
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPicturePixels {
		return nil
	}
	m, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	return &picture{img: shrink(m, thumbnailSize)}
}

// shrink scales m down so neither side exceeds size.
func shrink(m image.Image, size int) image.Image {
	bounds := m.Bounds()
	w, h := bounds.Dx(), bounds.Dy()
	if w <= size && h <= size {
		return m
	}
	if w >= h {
		w, h = size, max(1, h*size/w)
	} else {
		w, h = max(1, w*size/h), size
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), m, bounds, draw.Over, nil)
	return dst
}

func isSVG(b []byte) bool {
	head := b[:min(len(b), 64<<10)]
	return bytes.Contains(head, []byte("<svg"))
}

func (c *imageCache) forget(id string) {
	c.mu.Lock()
	if e, ok := c.pics[id]; ok {
		c.recent.Remove(e)
		delete(c.pics, id)
	}
	c.mu.Unlock()
}

func newBadgeImage(size float32) *canvas.Image {
	img := canvas.NewImageFromResource(badgePlaceholder)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleSmooth
	img.SetMinSize(fyne.NewSquareSize(size))
	return img
}

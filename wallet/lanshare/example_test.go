package lanshare_test

import (
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/learnerwallet/learnerwallet/wallet/lanshare"
)

func ExampleStart() {
	// The app lets the learner choose from lanshare.Interfaces(); here, loopback.
	s, err := lanshare.Start([]byte(`{"type":"VerifiablePresentation"}`), lanshare.Options{
		IP:          net.IPv4(127, 0, 0, 1),
		ContentType: "application/json",
		Filename:    "presentation.json",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Stop()
	// The app shows s.URL() as a QR code; the recipient's phone fetches it.
	resp, err := http.Get(s.URL())
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, string(body))

	<-s.Done()
	r := s.Result()
	fmt.Println(r.State, "by", r.By)
	// Output:
	// 200 OK {"type":"VerifiablePresentation"}
	// fetched by 127.0.0.1
}

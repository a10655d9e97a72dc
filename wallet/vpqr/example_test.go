package vpqr_test

import (
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/vpqr"
)

func Example() {
	vp := []byte(`{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiablePresentation"],
		"holder": "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"}`)
	code, err := vpqr.Encode(vp)
	if err != nil {
		panic(err)
	}
	fmt.Println(code.Text)
	fmt.Println("registry entry", code.Entry, code.Base)
	back, err := vpqr.Decode(code.Text)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(back))
	// Output:
	// VP1-B3HFR3AQBUMAYC6BGNB2HI4DTHIXS653XO4XHOMZON5ZGOLZSGAYTQL3DOJSWIZLOORUWC3DTF53DCGDVQEMG4GDYQIMQIAKYELWQCS66V7PC5KF656W5RRUZWXD6A4CM6UIVJVJOC6ZAW4JTPSQEZRNF
	// registry entry 1 base32
	// {"@context":["https://www.w3.org/2018/credentials/v1"],"holder":"did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi","type":["VerifiablePresentation"]}
}

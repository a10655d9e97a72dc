package wallet_test

import (
	"fmt"
	"os"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

func ExampleParse() {
	data, err := os.ReadFile("../testdata/examples/ob3/validator/simple.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := credential.Parse(data)
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(p.Kind, p.Summary.Title())
	// Output: ob3 Teamwork
}

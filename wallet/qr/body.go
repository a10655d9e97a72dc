package qr

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// The first byte of the compressed body says how the rest holds the payload.
const (
	kindRaw byte = 0 // the payload itself
	kindJWS byte = 1 // a compact JWS, its three parts base64url-decoded
)

var b64 = base64.RawURLEncoding.Strict()

// packBody returns the bytes to compress for payload. A compact JWS (a
// VC-JWT or VP-JWT) is stored with its parts decoded, because base64url hides
// the JSON inside from DEFLATE: uvarint(len) and bytes for each of header,
// claims and signature, then whatever followed the JWS (a final newline)
// as is. This happens only when re-encoding gives back the exact text.
func packBody(payload []byte) []byte {
	end := len(bytes.TrimRight(payload, " \t\r\n"))
	parts := bytes.Split(payload[:end], []byte("."))
	if len(parts) != 3 {
		return append([]byte{kindRaw}, payload...)
	}
	body := []byte{kindJWS}
	for _, p := range parts {
		raw, err := b64.DecodeString(string(p))
		if err != nil || len(p) == 0 || b64.EncodeToString(raw) != string(p) {
			return append([]byte{kindRaw}, payload...)
		}
		body = binary.AppendUvarint(body, uint64(len(raw)))
		body = append(body, raw...)
	}
	return append(body, payload[end:]...)
}

// unpackBody is packBody's inverse.
func unpackBody(body []byte) ([]byte, error) {
	if len(body) == 0 {
		return nil, errors.New("empty body")
	}
	kind, rest := body[0], body[1:]
	switch kind {
	case kindRaw:
		return rest, nil
	case kindJWS:
		var out []byte
		for i := range 3 {
			n, k := binary.Uvarint(rest)
			if k <= 0 || n == 0 || n > uint64(len(rest)-k) {
				return nil, fmt.Errorf("JWS part %d: bad length", i+1)
			}
			if i > 0 {
				out = append(out, '.')
			}
			out = b64.AppendEncode(out, rest[k:k+int(n)])
			rest = rest[k+int(n):]
		}
		return append(out, rest...), nil
	}
	return nil, fmt.Errorf("unknown body kind %d", kind)
}

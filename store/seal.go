package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
)

// sealer encrypts values with AES-256-GCM under subkeys of the wallet's data
// key. The associated data names the slot a value lives in, so a ciphertext
// moved to another key does not open.
type sealer struct {
	aead   cipher.AEAD
	macKey []byte
}

const dataKeySize = 32

var errOpen = errors.New("a stored value cannot be decrypted: the wallet file is damaged or the keyring holds another key")

func newSealer(dataKey []byte) (*sealer, error) {
	if len(dataKey) != dataKeySize {
		return nil, errors.New("the wallet key in the keyring has the wrong length")
	}
	encKey, err := hkdf.Key(sha256.New, dataKey, nil, "learner-wallet v1 encryption", 32)
	if err != nil {
		return nil, err
	}
	macKey, err := hkdf.Key(sha256.New, dataKey, nil, "learner-wallet v1 index", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead, macKey: macKey}, nil
}

func (s *sealer) seal(slot string, plain []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(slot))
}

func (s *sealer) open(slot string, sealed []byte) ([]byte, error) {
	return s.openTo(nil, slot, sealed)
}

// openTo is open, appending the plain text to dst: a caller that decodes
// it at once can reuse one buffer.
func (s *sealer) openTo(dst []byte, slot string, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, errOpen
	}
	plain, err := s.aead.Open(dst, sealed[:n], sealed[n:], []byte(slot))
	if err != nil {
		return nil, errOpen
	}
	return plain, nil
}

// index turns a content hash into a lookup key that reveals nothing to
// someone without the data key (a bare hash would confirm a guessed credential).
func (s *sealer) index(hash [32]byte) []byte {
	m := hmac.New(sha256.New, s.macKey)
	m.Write(hash[:])
	return m.Sum(nil)
}

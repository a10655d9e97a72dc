package cborld

import (
	"bytes"
	"encoding/binary"
	"slices"

	"github.com/fxamacker/cbor/v2"
)

// omap is a CBOR map written with its keys in cborg's default order
// (theirs): unsigned integers first, by value, then text by length, then
// bytewise. That is not RFC 8949's order, which sorts by encoded bytes.
type omap struct {
	keys   []any // uint64 or string
	values []any
}

func (m *omap) set(k, v any) {
	m.keys = append(m.keys, k)
	m.values = append(m.values, v)
}

func keyCompare(a, b any) int {
	switch a := a.(type) {
	case uint64:
		if b, ok := b.(uint64); ok {
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		}
		return -1
	case string:
		b, ok := b.(string)
		if !ok {
			return 1
		}
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return bytes.Compare([]byte(a), []byte(b))
	}
	return 0
}

// MarshalCBOR writes the map head, then each key and value in order.
func (m *omap) MarshalCBOR() ([]byte, error) {
	order := make([]int, len(m.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return keyCompare(m.keys[i], m.keys[j]) })
	out := head(5, uint64(len(m.keys)))
	for _, i := range order {
		k, err := encMode.Marshal(m.keys[i])
		if err != nil {
			return nil, err
		}
		v, err := encMode.Marshal(m.values[i])
		if err != nil {
			return nil, err
		}
		out = append(append(out, k...), v...)
	}
	return out, nil
}

// head is a CBOR item head of major type major and argument n, in its
// shortest form.
func head(major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return []byte{m | byte(n)}
	case n <= 0xff:
		return []byte{m | 24, byte(n)}
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16([]byte{m | 25}, uint16(n))
	case n <= 0xffffffff:
		return binary.BigEndian.AppendUint32([]byte{m | 26}, uint32(n))
	}
	return binary.BigEndian.AppendUint64([]byte{m | 27}, n)
}

// encMode writes floats in the fewest bytes that keep them, as cborg does.
var encMode = func() cbor.EncMode {
	em, err := cbor.EncOptions{ShortestFloat: cbor.ShortestFloat16, NaNConvert: cbor.NaNConvert7e00, InfConvert: cbor.InfConvertFloat16}.EncMode()
	if err != nil {
		panic(err)
	}
	return em
}()

// decOptions bound what a stranger's CBOR can make us allocate: lengths
// are checked against the input before anything is made, and nesting,
// arrays and maps are limited.
func decOptions() cbor.DecOptions {
	return cbor.DecOptions{
		DupMapKey:        cbor.DupMapKeyEnforcedAPF,
		MaxNestedLevels:  maxDepth,
		MaxArrayElements: 8192,
		MaxMapPairs:      8192,
		IndefLength:      cbor.IndefLengthForbidden,
		TagsMd:           cbor.TagsForbidden,
		IntDec:           cbor.IntDecConvertNone,
		DefaultMapType:   nil,
		UTF8:             cbor.UTF8RejectInvalid,
	}
}

var decMode = func() cbor.DecMode {
	dm, err := decOptions().DecMode()
	if err != nil {
		panic(err)
	}
	return dm
}()

package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
)

// errUnchanged ends a settings update that has nothing to write.
var errUnchanged = errors.New("unchanged")

// updateJSON changes the setting name, a JSON value of type T, in one store
// transaction: edit gets the value (T's zero value when it was never set)
// and reports whether it changed it. what names the setting, for the error
// when it cannot be read. An edit's error leaves the setting as it was.
func updateJSON[T any](s Store, name, what string, edit func(v *T) (changed bool, err error)) error {
	err := s.UpdateSetting(name, func(old []byte) ([]byte, error) {
		var v T
		if old != nil {
			if err := json.Unmarshal(old, &v); err != nil {
				return nil, fmt.Errorf("%s is damaged: %w", what, err)
			}
		}
		changed, err := edit(&v)
		if err != nil {
			return nil, err
		}
		if !changed {
			return nil, errUnchanged
		}
		return json.Marshal(v)
	})
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// readJSON reads the setting name, a JSON value, into v; a setting never
// set leaves v as it is. what names the setting, for the error when it
// cannot be read.
func readJSON(s Store, name, what string, v any) error {
	b, err := s.Setting(name)
	if err != nil || b == nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s is damaged: %w", what, err)
	}
	return nil
}

module github.com/learnerwallet/learnerwallet

go 1.26

require (
	github.com/zalando/go-keyring v0.2.8
	go.etcd.io/bbolt v1.5.0
)

require (
	github.com/danieljoos/wincred v1.2.3 // indirect
	github.com/godbus/dbus/v5 v5.2.2 // indirect
	golang.org/x/sys v0.46.0 // indirect
)

//go:build !linux

package tinyfs

import "testing"

// Mount skips the test: mounting a tmpfs is for Linux.
func Mount(t testing.TB, size int) string {
	t.Helper()
	t.Skip("tmpfs mounts are for Linux")
	return ""
}

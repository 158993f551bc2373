package emulator

import (
	"testing"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// clientOf is a shortcut: it must name the client zohoaccounts.ClientOf names.
func FuzzClientOf(f *testing.F) {
	const form = "application/x-www-form-urlencoded"
	f.Add("", form, "grant_type=refresh_token&client_id=1000.ABC&client_secret=x")
	f.Add("client_id=1000.Q", form, "client_id=1000.B")
	f.Add("client%5Fid=1000.Q&client_id=2", "", "")
	f.Add("client_id=%zz&client_id=ok", form, "")
	f.Add("a=1;client_id=x", form, "client_id=y")
	f.Add("", "application/x-www-form-urlencoded; charset=UTF-8", "client_id=z")
	f.Add("", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nm\r\n--b--\r\n")
	f.Add("", "text/plain", "client_id=t")
	f.Fuzz(func(t *testing.T, query, contentType, body string) {
		if got, want := clientOf(query, contentType, []byte(body)), zohoaccounts.ClientOf(query, contentType, []byte(body)); got != want {
			t.Fatalf("clientOf(%q, %q, %q) = %q, want %q", query, contentType, body, got, want)
		}
	})
}

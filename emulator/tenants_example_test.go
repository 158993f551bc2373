package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/zohoaep/zohoaep/emulator"
)

// Example_tenant makes a tenant beside the demo world through the control
// API, as a test sharing one emulator with others would, and deletes it.
func Example_tenant() {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	if err != nil {
		panic(err)
	}
	defer e.Close()
	hc := e.HTTPClient()

	resp, err := hc.Post(e.URL()+"/_emulator/tenants", "application/json", strings.NewReader(`{"name":"team a","leads":300}`))
	if err != nil {
		panic(err)
	}
	var t struct {
		ID     string `json:"id"`
		IMSOrg string `json:"ims_org"`
		Server struct {
			ID string `json:"client_id"`
		} `json:"server_client"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&t)
	resp.Body.Close()
	fmt.Println(resp.Status, t.IMSOrg == "ZOHOAEPTENANT"+t.ID+"@AdobeOrg", t.Server.ID != emulator.DemoServerClientID)

	req, _ := http.NewRequest(http.MethodDelete, e.URL()+"/_emulator/tenants/"+t.ID, nil)
	resp, err = hc.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// 201 Created true true
	// 204 No Content
}

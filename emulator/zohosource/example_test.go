package zohosource_test

import (
	"fmt"
	"net/http"
	"net/netip"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// The emulator wires the engine to its Flow Service, with its in-memory
// client (emulator.HTTPClientFrom) and its virtual clock; here a plain
// client stands in.
func ExampleAttach() {
	fs := flowservice.New(flowservice.Config{}, nil, nil)
	clientFrom := func(netip.Addr) *http.Client { return &http.Client{} }
	eng, err := zohosource.Attach(fs, clientFrom, zohosource.Config{Region: zohosource.RegionNLD2}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(eng.EgressIP())
	// Output: 13.69.67.193
}

// A Zoho org that allows only AEP's VA7 batch addresses.
func ExampleRegion_AllowList() {
	va7, _ := zohosource.LookupRegion(zohosource.RegionVA7)
	fmt.Println(va7.EgressIP(), len(va7.AllowList()), va7.AllowList()[0])
	// Output: 20.42.2.1 22 20.42.2.0/23
}

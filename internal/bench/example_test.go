package bench_test

import (
	"fmt"

	"github.com/zohoaep/zohoaep/internal/bench"
)

func ExampleParseMix() {
	mix, err := bench.ParseMix("refresh=3, crm-page, flow-explore=0")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(mix)
	fmt.Println(mix.Has(bench.FlowExplore))
	_, err = bench.ParseMix("refresh,tokens")
	fmt.Println(err)
	// Output:
	// refresh=3,crm-page=1
	// false
	// mix: unknown kind "tokens" (kinds: refresh, crm-page, ims-token, flow-connection, flow-explore)
}

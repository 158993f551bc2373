package emulator

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// aepControl adapts the Flow Service and its connector runtime to
// control.AEP: the control API reads dataset rows and runs after the
// windows that fell due have run, as Flow Service's own reads do.
type aepControl Emulator

func (a *aepControl) Rows(ctx context.Context, t flowservice.Tenant, datasetID string) ([]map[string]any, error) {
	e := (*Emulator)(a)
	e.catchUp(ctx)
	return e.flows.Rows(t, datasetID)
}

func (a *aepControl) Runs(ctx context.Context, t flowservice.Tenant, flowID string) ([]flowservice.Run, error) {
	e := (*Emulator)(a)
	e.catchUp(ctx)
	if flowID != "" {
		if _, ok := e.flows.Flow(t, flowID); !ok {
			return nil, fmt.Errorf("%w: flow %q", flowservice.ErrUnknown, flowID)
		}
		return e.flows.Runs(t, flowID), nil
	}
	var runs []flowservice.Run
	for _, f := range e.flows.Flows(t) {
		runs = append(runs, e.flows.Runs(t, f.ID)...)
	}
	slices.SortStableFunc(runs, func(x, y flowservice.Run) int { return cmp.Compare(x.CreatedAt, y.CreatedAt) })
	return runs, nil
}

// catchUp runs the due windows; as before a Flow Service answer, a run
// that cannot be stored is logged and the read goes on.
func (e *Emulator) catchUp(ctx context.Context) {
	if err := e.RunDue(ctx); err != nil {
		e.log.Warn("dataflow runs", "err", err)
	}
}

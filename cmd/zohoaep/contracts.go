package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/openapi"
)

// verifyFlags are the flags of `zohoaep contracts verify`.
type verifyFlags struct {
	target     string
	format     string
	output     string
	controlAPI bool
	creds      contracts.Credentials
	zohoToken  string
	imsToken   string
	values     []string
	contracts  []string
	skip       []string
	validOnly  bool
}

func contractsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "contracts", Short: "Check providers and traffic against the OpenAPI contracts",
		Example: `  # every operation of every contract against a running emulator (or a container)
  zohoaep contracts verify --target http://127.0.0.1:9595

  # a JUnit report for CI
  zohoaep contracts verify --target http://127.0.0.1:9595 --format junit -o contracts.xml`}
	cmd.AddCommand(verifyCommand())
	return cmd
}

func verifyCommand() *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Exercise every operation of every contract against a provider and report per operation",
		Long: `verify sends, for every operation of every contract, a valid request and generated invalid
ones (missing, wrong-typed and out-of-range parameters, wrong content types, malformed and
oversized bodies) to --target, judges every answer against the contract, and reports per
operation: passed, violated (which rule), or not covered. It exits 1 unless every operation
passed.

Against a zohoaep emulator (the default), it signs in through the control API with the demo
world's credentials (or the --zoho-*/--ims-* ones). Against anything else, give
--control-api=false and the credentials: --zoho-token (or ZOHOAEP_ZOHO_TOKEN), --ims-token (or
ZOHOAEP_IMS_TOKEN), --ims-client-id (the x-api-key), --ims-org, --sandbox.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			target, err := f.resolve(cmd.Context())
			if err != nil {
				return err
			}
			report, err := contracts.Run(cmd.Context(), target)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if f.output != "" {
				file, err := os.Create(f.output)
				if err != nil {
					return err
				}
				defer file.Close()
				out = file
			}
			if err := report.Write(out, f.format); err != nil {
				return err
			}
			t := report.Totals()
			fmt.Fprintf(cmd.ErrOrStderr(), "contracts verify %s: %d operations, %d passed, %d violated, %d not covered, %d requests\n",
				f.target, t.Operations, t.Passed, t.Violated, t.NotCovered, t.Requests)
			if !report.OK() {
				return errFailed
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.target, "target", "http://"+emulator.DefaultAddr, "base URL of the provider")
	fl.StringVar(&f.format, "format", "text", "report format: "+strings.Join(contracts.Formats, ", "))
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.BoolVar(&f.controlAPI, "control-api", true, "the target is a zohoaep emulator: sign in through its control API (false for another provider: give its credentials by flag)")
	fl.StringVar(&f.creds.ZohoClientID, "zoho-client-id", emulator.DemoSelfClientID, "Zoho self client to sign in with (emulator)")
	fl.StringVar(&f.creds.ZohoClientSecret, "zoho-client-secret", emulator.DemoClientSecret, "its secret (emulator)")
	fl.StringVar(&f.creds.ZohoUser, "zoho-user", emulator.DemoUserEmail, "the user a self-client code is generated for (emulator)")
	fl.StringVar(&f.creds.IMSClientID, "ims-client-id", adobeims.DemoClientID, "Adobe IMS client id, also the x-api-key")
	fl.StringVar(&f.creds.IMSClientSecret, "ims-client-secret", adobeims.DemoClientSecret, "its secret (emulator)")
	fl.StringVar(&f.creds.IMSOrgID, "ims-org", adobeims.DemoOrgID, "the IMS org (x-gw-ims-org-id)")
	fl.StringVar(&f.creds.Sandbox, "sandbox", "prod", "the AEP sandbox (x-sandbox-name)")
	fl.StringVar(&f.zohoToken, "zoho-token", "", "a Zoho access token (not an emulator; default $ZOHOAEP_ZOHO_TOKEN)")
	fl.StringVar(&f.imsToken, "ims-token", "", "an Adobe IMS access token (not an emulator; default $ZOHOAEP_IMS_TOKEN)")
	fl.StringArrayVar(&f.values, "value", nil, `a valid parameter value, "module_api_name=Contacts" (repeatable)`)
	fl.StringSliceVar(&f.contracts, "contract", nil, "contracts to verify (default all: "+strings.Join(contracts.DefaultOrder, ", ")+")")
	fl.StringSliceVar(&f.skip, "skip", nil, `operations not to exercise, "contract/operationId" (repeatable)`)
	fl.BoolVar(&f.validOnly, "valid-only", false, "send only the valid requests")
	return cmd
}

// errFailed makes the command exit 1 after its report said why.
var errFailed = fmt.Errorf("the provider does not keep its contracts")

// resolve turns the flags into a verification target, signing in to an
// emulator when asked.
func (f verifyFlags) resolve(ctx context.Context) (contracts.Target, error) {
	var t contracts.Target
	if err := (&contracts.Report{}).Write(io.Discard, f.format); err != nil {
		return t, fmt.Errorf("--format: %w", err)
	}
	if f.controlAPI {
		var err error
		if t, err = contracts.EmulatorTarget(ctx, f.target, nil, f.creds); err != nil {
			return t, fmt.Errorf("signing in to the emulator at %s: %w", f.target, err)
		}
	} else {
		zoho, ims := orEnv(f.zohoToken, "ZOHOAEP_ZOHO_TOKEN"), orEnv(f.imsToken, "ZOHOAEP_IMS_TOKEN")
		t = contracts.Target{BaseURL: f.target, Headers: map[string]http.Header{}, Values: contracts.DefaultValues(f.creds)}
		if zoho != "" {
			auth := http.Header{"Authorization": {"Zoho-oauthtoken " + zoho}}
			t.Headers[openapi.ZohoCRM], t.Headers[openapi.ZohoAccounts] = auth, auth
		}
		if ims != "" {
			t.Headers[openapi.FlowService] = http.Header{"Authorization": {"Bearer " + ims}, "X-Api-Key": {f.creds.IMSClientID},
				"X-Gw-Ims-Org-Id": {f.creds.IMSOrgID}, "X-Sandbox-Name": {f.creds.Sandbox}}
		}
		if len(f.contracts) == 0 { // the control API is the emulator's own
			f.contracts = contracts.DefaultOrder[:len(contracts.DefaultOrder)-1]
		}
	}
	for _, kv := range f.values {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return t, fmt.Errorf(`--value %q: want NAME=VALUE`, kv)
		}
		t.Values[name] = value
	}
	for _, name := range f.contracts {
		if _, err := contracts.Load(name); err != nil {
			return t, fmt.Errorf("--contract: %w", err)
		}
	}
	t.Contracts, t.Skip, t.ValidOnly = f.contracts, f.skip, f.validOnly
	return t, nil
}

func orEnv(v, name string) string {
	if v != "" {
		return v
	}
	return os.Getenv(name)
}

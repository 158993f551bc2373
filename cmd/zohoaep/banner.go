package main

import (
	"fmt"
	"io"
	"net/url"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// printBanner tells a newcomer where everything is and, for the demo
// world, the well-known credentials (they are public, like Azurite's).
func printBanner(w io.Writer, e *emulator.Emulator, demo bool) {
	base := e.URL()
	fmt.Fprintf(w, "zohoaep listening on %s\n\n", base)
	fmt.Fprintf(w, "  Zoho Accounts (US)   %s/oauth/v2/auth  /oauth/v2/token  /oauth/v2/token/revoke\n", base)
	fmt.Fprintf(w, "  Zoho Accounts (EU)   %s/dc/eu/oauth/...  (also in, au, cn, jp, ca, sa, uk, ae)\n", base)
	fmt.Fprintf(w, "  Zoho CRM             %s/crm/v8/Leads  (v2 to v8; API domain of every DC as above)\n", base)
	fmt.Fprintf(w, "  Adobe IMS            %s/ims/token/v3  /ims/keys\n", base)
	fmt.Fprintf(w, "  AEP Flow Service     %s/data/foundation/flowservice/connectionSpecs  (catalog, conversion)\n", base)
	fmt.Fprintf(w, "  control API          %s/_emulator/health  /_emulator/journal  /_emulator/clock\n", base)
	fmt.Fprintf(w, "  web console          %s/_emulator/ui/\n", base)
	if !demo {
		return
	}
	auth := base + "/oauth/v2/auth?" + url.Values{
		"client_id": {emulator.DemoServerClientID}, "response_type": {"code"}, "access_type": {"offline"},
		"redirect_uri": {emulator.DemoRedirectURI}, "scope": {"ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,AaaServer.profile.READ"},
	}.Encode()
	fmt.Fprintf(w, `
Demo world (Zoho org "Zylker", US data centre; CRM Enterprise edition):
  user            %s / password %s
  server client   %s
  self client     %s
  client secret   %s (both clients)
  redirect URI    %s
  IMS org         %s, sandbox prod
  IMS credential  client id (API key) %s, secret %s

Sign in and consent in a browser:
  %s
`, emulator.DemoUserEmail, emulator.DemoUserPassword, emulator.DemoServerClientID, emulator.DemoSelfClientID,
		emulator.DemoClientSecret, emulator.DemoRedirectURI, adobeims.DemoOrgID, adobeims.DemoClientID, adobeims.DemoClientSecret, auth)
}

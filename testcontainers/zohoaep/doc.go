// Package zohoaep is a testcontainers-go module for the zohoaep emulator:
// it runs the container image (Zoho Accounts, Zoho CRM, Adobe IMS and the
// AEP Flow Service on one port), waits until it is healthy, and hands back
// the base URL of every service.
//
//	ctr, err := zohoaep.Run(ctx, "zohoaep:dev", zohoaep.WithConsent("approve:admin@zylker.test"))
//	defer testcontainers.TerminateContainer(ctr)
//	accounts, _ := ctr.AccountsURL(ctx, "eu") // http://127.0.0.1:32768/dc/eu
//
// With no published image at hand, BuildImage builds one from a checkout
// of the repository (a static `go build` and the repository's Dockerfile,
// FROM scratch, so nothing is pulled).
//
// The module publishes the emulator's port on 127.0.0.1 only, and reaches it
// there unless TESTCONTAINERS_HOST_OVERRIDE names another host. Where no
// reaper image can be pulled (as in this project's CI), run with
// TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1,
// and terminate containers yourself (testcontainers.CleanupContainer).
package zohoaep

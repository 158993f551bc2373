// Package tlsca is the emulator's local certificate authority: a CA made
// once and kept in a directory (ca.pem for clients to trust, ca-key.pem
// readable by its owner only), and leaf certificates it signs for the
// names the emulator answers as (localhost, loopback addresses and the
// vendors' production host names).
package tlsca

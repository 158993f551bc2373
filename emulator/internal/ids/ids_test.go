package ids

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShapes(t *testing.T) {
	assert.Regexp(t, regexp.MustCompile(`^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$`), ZohoToken())
	assert.Regexp(t, regexp.MustCompile(`^1000\.[A-Z0-9]{30}$`), ZohoClientID())
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{42}$`), ZohoClientSecret())
	assert.NotEqual(t, ZohoToken(), ZohoToken())
}

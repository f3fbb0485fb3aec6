package components

import (
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// setToken sets the token of an annotated component to infra's type token, such as
// "secureserverless:index:Platform". The package part comes from the provider's name.
func setToken(a infer.Annotator, typeToken string) {
	parts := strings.Split(typeToken, ":")
	if len(parts) != 3 {
		panic("type token " + typeToken + " is not <package>:<module>:<type>")
	}
	a.SetToken(tokens.ModuleName(parts[1]), tokens.TypeName(parts[2]))
}

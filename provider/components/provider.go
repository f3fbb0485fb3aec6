package components

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
)

// NewProvider returns the provider of the secureserverless package with every component.
func NewProvider() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("Secure Serverless").
		WithDescription("Secure serverless components for AWS: a Go Lambda platform in a private VPC with "+
			"least-privilege roles, a KMS-encrypted user-files bucket with malware scanning, Cognito, a REST API "+
			"behind AWS WAF and CloudFront, audit trail and account baseline.").
		WithKeywords("aws", "serverless", "lambda", "security", "kind/component", "category/cloud").
		WithRepository("https://github.com/secureserverless/framework").
		WithGoImportPath("github.com/secureserverless/framework/provider/sdk/go/secureserverless").
		WithComponents(
			infer.ComponentF(NewPlatform),
			infer.ComponentF(NewNetwork),
			infer.ComponentF(NewUserFilesBucket),
			infer.ComponentF(NewAuth),
			infer.ComponentF(NewGoFunction),
			infer.ComponentF(NewAudit),
			infer.ComponentF(NewAccountBaseline),
			infer.ComponentF(NewGitHubDeployRole),
			infer.ComponentF(NewLogsKey),
		).
		Build()
}

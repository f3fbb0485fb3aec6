package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketCORSRestricted is the name of the policy that rejects S3 CORS rules that let any web
// origin write.
const PolicyS3BucketCORSRestricted = "s3-bucket-cors-restricted"

// corsWriteMethods are the CORS methods that change objects.
var corsWriteMethods = []string{"PUT", "POST", "DELETE"}

// newS3BucketCORSRestricted returns the policy that checks each rule of a BucketCorsConfigurationV2
// for origin "*" together with a write method. S3 responds to a preflight request from an origin that
// matches "*" with Access-Control-Allow-Origin "*", so any web page may send the request.
func newS3BucketCORSRestricted() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketCORSRestricted,
		Description: "S3 CORS rules should not allow origin \"*\" together with PUT, POST or DELETE.",
		Rationale: "CORS decides which web sites' scripts a browser lets send cross-origin requests to the " +
			"bucket. With origin \"*\" and a write method, scripts on any web site may upload, overwrite or delete " +
			"objects from a visitor's browser whenever they hold a presigned URL or credentials, so the browser " +
			"no longer limits writes to the platform's own front end.",
		RemediationSteps: "List the web front end's origins, such as https://app.example.com, in allowedOrigins of " +
			"each rule that allows PUT, POST or DELETE.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "s3", "public-exposure"},
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		Waivable:         true,
		ResourceTypes:    []string{typeS3BucketCorsConfigurationV2},
		ValidateResource: validateS3BucketCORSRestricted,
	}
}

func validateS3BucketCORSRestricted(_ context.Context, check *pack.ResourceCheck) error {
	rules := check.Resource.Properties.Get("corsRules")
	if !check.Known("corsRules", rules) {
		return nil
	}
	elements, _ := arrayValue(rules)
	for i, rule := range elements {
		path := indexedPath("corsRules", i)
		origins := valueAt(rule, "allowedOrigins")
		methods := valueAt(rule, "allowedMethods")
		originsKnown := check.Known(path+".allowedOrigins", origins)
		methodsKnown := check.Known(path+".allowedMethods", methods)
		if !originsKnown || !methodsKnown {
			continue
		}

		if !slices.Contains(stringsOf(origins), "*") {
			continue
		}
		var writes []string
		for _, method := range stringsOf(methods) {
			if slices.Contains(corsWriteMethods, strings.ToUpper(method)) {
				writes = append(writes, method)
			}
		}
		if len(writes) > 0 {
			check.Report("%s.allowedOrigins contains \"*\" and allowedMethods contains %s, expected the origins of "+
				"the web front end for write methods.", path, strings.Join(writes, ", "))
		}
	}
	return nil
}

// stringsOf returns the known strings of a list value, skipping elements of other types.
func stringsOf(value property.Value) []string {
	elements, _ := arrayValue(value)
	var texts []string
	for _, element := range elements {
		if text, ok := stringValue(element); ok {
			texts = append(texts, text)
		}
	}
	return texts
}

package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyWAFv2LoggingRedactsCredentials is the name of the policy that recommends redacting credential
// headers in WAF logs.
const PolicyWAFv2LoggingRedactsCredentials = "wafv2-logging-redacts-credentials"

// redactedCredentialHeaders are the headers that carry credentials in the platform's requests: the
// bearer token and session cookies. Header names are compared in lowercase, as WAF matches them.
var redactedCredentialHeaders = []string{"authorization", "cookie"}

// newWAFv2LoggingRedactsCredentials returns the policy that checks the redactedFields of a web ACL
// logging configuration.
func newWAFv2LoggingRedactsCredentials() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyWAFv2LoggingRedactsCredentials,
		Description: "WAFv2 logging configurations should redact the Authorization and Cookie headers.",
		Rationale: "WAF logs record request headers. Unredacted, they store every caller's bearer token and " +
			"session cookie in the log destination, where anyone who can read the logs can replay them.",
		RemediationSteps: "Add a redactedFields entry with singleHeader.name \"authorization\" and one with " +
			"\"cookie\" to the WebAclLoggingConfiguration.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "wafv2", "logging", "secrets", tagHIPAA + "164.312(a)(1)", tagPCI + "3.4"},
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeWAFv2WebACLLoggingConfiguration},
		ValidateResource: validateWAFv2LoggingRedactsCredentials,
	}
}

func validateWAFv2LoggingRedactsCredentials(_ context.Context, check *pack.ResourceCheck) error {
	fields := check.Resource.Properties.Get("redactedFields")
	if !check.Known("redactedFields", fields) {
		return nil
	}

	var redacted []string
	elements, _ := arrayValue(fields)
	for i, element := range elements {
		name := valueAt(element, "singleHeader", "name")
		if !check.Known(fmt.Sprintf("%s.singleHeader.name", indexedPath("redactedFields", i)), name) {
			return nil
		}
		if value, ok := stringValue(name); ok {
			redacted = append(redacted, strings.ToLower(value))
		}
	}

	var missing []string
	for _, header := range redactedCredentialHeaders {
		if !slices.Contains(redacted, header) {
			missing = append(missing, fmt.Sprintf("%q", header))
		}
	}
	if len(missing) > 0 {
		check.Report("redactedFields does not redact the %s header, expected a singleHeader entry for each of %q.",
			strings.Join(missing, " and "), redactedCredentialHeaders)
	}
	return nil
}

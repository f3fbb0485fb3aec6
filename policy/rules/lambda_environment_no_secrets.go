package rules

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaEnvironmentNoSecrets is the name of the policy that rejects secrets in Lambda
// environment variables.
const PolicyLambdaEnvironmentNoSecrets = "lambda-environment-no-secrets"

// secretNameWords are the words of an environment variable name that mark its value as a secret, as
// in DB_PASSWORD or githubToken.
var secretNameWords = map[string]bool{
	"PASSWORD": true, "PASSWD": true, "PWD": true, "PASSPHRASE": true, "SECRET": true, "TOKEN": true,
	"APIKEY": true, "CREDENTIAL": true, "CREDENTIALS": true,
}

// secretNameWordPairs are two consecutive words of a name that mark its value as a secret, as in
// API_KEY or privateKey.
var secretNameWordPairs = [][2]string{{"API", "KEY"}, {"PRIVATE", "KEY"}, {"ACCESS", "KEY"}, {"SIGNING", "KEY"}}

// settingNameWords are last words of a name whose value points to a secret or configures it instead of
// holding it, as in DB_SECRET_ARN, TOKEN_PARAMETER_NAME or PASSWORD_MIN_LENGTH.
var settingNameWords = map[string]bool{
	"ARN": true, "NAME": true, "ID": true, "PATH": true, "PARAM": true, "PARAMETER": true, "URL": true,
	"URI": true, "ENDPOINT": true, "REGION": true, "FILE": true, "HEADER": true, "PREFIX": true,
	"FIELD": true, "TTL": true, "TIMEOUT": true, "SECONDS": true, "MINUTES": true, "HOURS": true,
	"DAYS": true, "LENGTH": true, "SIZE": true, "COUNT": true, "TYPE": true, "MODE": true, "ENABLED": true,
	"POLICY": true,
}

// secretValuePatterns recognise credentials by their format, whatever the variable is called.
var secretValuePatterns = []struct {
	kind    string
	pattern *regexp.Regexp
}{
	{kind: "an AWS access key ID", pattern: regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{kind: "a private key", pattern: regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)},
	{kind: "a GitHub token", pattern: regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b`)},
	{kind: "a Slack token", pattern: regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{kind: "a Stripe live key", pattern: regexp.MustCompile(`\b[sr]k_live_[A-Za-z0-9]{16,}`)},
}

// newLambdaEnvironmentNoSecrets returns the policy that guards Lambda environment variables against
// secrets. It reports a variable whose name marks a secret (such as DB_PASSWORD) and whose value is
// set, unless the value is a reference: an ARN, a parameter path starting with "/", or a dynamic
// reference. It also reports any value that has the format of a known credential. A Pulumi secret is
// reported too, because Lambda stores the value in the function configuration, which everyone allowed
// to read the configuration can read. Messages never show the value.
//
// Only variables whose name marks a secret are reported as unknown during a preview. Checking every
// computed value would report each ARN that an environment variable passes to the function.
func newLambdaEnvironmentNoSecrets() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaEnvironmentNoSecrets,
		Description: "Lambda environment variables must not contain secrets such as passwords, tokens or keys.",
		Rationale: "Environment variables are part of the function configuration: every principal allowed to call " +
			"lambda:GetFunctionConfiguration, and every log or tool that prints the configuration, sees them, and " +
			"a rotated secret needs a new deployment.",
		RemediationSteps: "Store the secret in Secrets Manager or as an SSM SecureString parameter, pass its ARN or " +
			"name in the environment variable instead, grant the function's role read access to it, and read it " +
			"at run time.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "lambda", "secrets", tagHIPAA + "164.312(a)(1)", tagPCI + "8.2.1"},
			withPrefix(tagCheckov, "CKV_AWS_45"),
		),
		Framework:        pciControl("8.2.1", "Render all authentication credentials unreadable during transmission and storage"),
		Waivable:         true,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaEnvironmentNoSecrets,
	}
}

func validateLambdaEnvironmentNoSecrets(_ context.Context, check *pack.ResourceCheck) error {
	variables := propertyAt(check.Resource.Properties, "environment", "variables")
	if !check.Known("environment.variables", variables) {
		return nil
	}

	object, _ := mapValue(variables)
	for name, value := range object.AllStable {
		checkEnvironmentVariable(check, "environment.variables."+name, name, value)
	}
	return nil
}

// checkEnvironmentVariable reports the variable name, at path, when its value is a secret.
func checkEnvironmentVariable(check *pack.ResourceCheck, path, name string, value property.Value) {
	secretName := isSecretName(name)
	if value.IsComputed() {
		if secretName {
			check.Unknown(path)
		}
		return
	}

	text, ok := stringValue(value)
	if !ok || text == "" {
		return
	}
	for _, credential := range secretValuePatterns {
		if credential.pattern.MatchString(text) {
			check.Report("%s contains what looks like %s, expected no secret in environment variables but the "+
				"ARN or name of a Secrets Manager secret or SSM SecureString parameter.", path, credential.kind)
			return
		}
	}
	if secretName && !isSecretReference(text) {
		check.Report("%s holds a literal value, expected no secret in environment variables but the ARN or name "+
			"of a Secrets Manager secret or SSM SecureString parameter.", path)
	}
}

// isSecretName reports whether an environment variable name marks its value as a secret.
func isSecretName(name string) bool {
	words := nameWords(name)
	if len(words) == 0 || settingNameWords[words[len(words)-1]] {
		return false
	}
	for i, word := range words {
		if secretNameWords[word] {
			return true
		}
		if i+1 < len(words) && slices.Contains(secretNameWordPairs, [2]string{word, words[i+1]}) {
			return true
		}
	}
	return false
}

// nameWords splits a name into upper-case words at underscores, hyphens, dots and lower-to-upper case
// changes, so that DB_PASSWORD and dbPassword both give DB and PASSWORD.
func nameWords(name string) []string {
	var words []string
	var current strings.Builder
	flush := func() {
		if current.Len() > 0 {
			words = append(words, strings.ToUpper(current.String()))
			current.Reset()
		}
	}

	previousLower := false
	for _, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			previousLower = false
			continue
		case unicode.IsUpper(r) && previousLower:
			flush()
		}
		current.WriteRune(r)
		previousLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	flush()
	return words
}

// isSecretReference reports whether a value points to a secret instead of holding it: an ARN, an SSM
// parameter path, or a CloudFormation-style dynamic reference.
func isSecretReference(value string) bool {
	return strings.HasPrefix(value, "arn:") || strings.HasPrefix(value, "/") || strings.HasPrefix(value, "{{resolve:")
}

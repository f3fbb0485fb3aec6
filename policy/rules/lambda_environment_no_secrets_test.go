package rules

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

func TestLambdaEnvironmentNoSecrets(t *testing.T) {
	function := func(variables map[string]property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"runtime": property.New("provided.al2023"),
			"environment": objectValue(map[string]property.Value{
				"variables": objectValue(variables),
			}),
		})
	}
	const expected = "expected no secret in environment variables but the ARN or name of a Secrets Manager " +
		"secret or SSM SecureString parameter."
	// The token is built at run time, so that secret scanners do not flag this file.
	githubToken := "ghp_" + strings.Repeat("a1", 18)

	runPolicyCases(t, newLambdaEnvironmentNoSecrets(), []policyCase{
		{
			name:         "references and settings",
			kind:         caseCompliant,
			resourceType: typeLambdaFunction,
			props: function(map[string]property.Value{
				"DB_SECRET_ARN":        property.New("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf"),
				"API_TOKEN_PARAMETER":  property.New("/prod/api/token"),
				"tokenTtl":             property.New("300"),
				"LOG_LEVEL":            property.New("INFO"),
				"SIGNING_KEY":          property.New(""),
				"PASSWORD_MIN_LENGTH":  property.New("12"),
				"USER_FILES_BUCKET":    property.New("user-files"),
				"DB_PASSWORD":          property.New("{{resolve:secretsmanager:db:SecretString:password}}"),
				"UNKNOWN_BUCKET_NAME":  unknownValue(),
				"POWERTOOLS_LOG_LEVEL": property.New("DEBUG"),
			}),
		},
		{
			name:         "no environment",
			kind:         caseCompliant,
			resourceType: typeLambdaFunction,
			props:        propsOf(map[string]property.Value{"runtime": property.New("provided.al2023")}),
		},
		{
			name:         "literal password",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props: function(map[string]property.Value{
				"DB_PASSWORD": property.New("hunter2"),
				"LOG_LEVEL":   property.New("INFO"),
			}),
			want: []string{"environment.variables.DB_PASSWORD holds a literal value, " + expected},
		},
		{
			name:         "pulumi secret and camel case name",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props: function(map[string]property.Value{
				"stripeApiKey": property.New("not-a-real-key").WithSecret(true),
			}),
			want: []string{"environment.variables.stripeApiKey holds a literal value, " + expected},
		},
		{
			name:         "credentials by format",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props: function(map[string]property.Value{
				"CONFIG":     property.New("region=eu-west-1;key=AKIAIOSFODNN7EXAMPLE"),
				"GIT_REMOTE": property.New("https://" + githubToken + "@github.com/example/repo.git"),
			}),
			want: []string{
				"environment.variables.CONFIG contains what looks like an AWS access key ID, " + expected,
				"environment.variables.GIT_REMOTE contains what looks like a GitHub token, " + expected,
			},
		},
		{
			name:         "permission",
			kind:         caseOtherType,
			resourceType: typeLambdaPermission,
			props:        function(map[string]property.Value{"DB_PASSWORD": property.New("hunter2")}),
		},
		{
			name:         "unknown variables",
			kind:         caseUnknown,
			resourceType: typeLambdaFunction,
			props: propsOf(map[string]property.Value{
				"environment": objectValue(map[string]property.Value{"variables": unknownValue()}),
			}),
			wantUnknown: []string{"environment.variables"},
		},
		{
			name:         "unknown secret value",
			kind:         caseUnknown,
			resourceType: typeLambdaFunction,
			props: function(map[string]property.Value{
				"AUTH_TOKEN":  unknownValue(),
				"BUCKET_NAME": unknownValue(),
			}),
			wantUnknown: []string{"environment.variables.AUTH_TOKEN"},
		},
	})
}

func TestIsSecretName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{name: "DB_PASSWORD", want: true},
		{name: "dbPassword", want: true},
		{name: "API_KEY", want: true},
		{name: "privateKey", want: true},
		{name: "GITHUB_TOKEN", want: true},
		{name: "client-secret", want: true},
		{name: "DB_SECRET_ARN", want: false},
		{name: "KMS_KEY_ID", want: false},
		{name: "TOKEN_TTL", want: false},
		{name: "MONKEY", want: false},
		{name: "PASSWORDLESS", want: false},
		{name: "", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, isSecretName(tt.name))
		})
	}
}

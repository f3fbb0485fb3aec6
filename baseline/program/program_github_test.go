package program

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/infra"
)

const (
	typeOIDCProvider     = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	typeRole             = "aws:iam/role:Role"
	typePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	deployPolicy         = "arn:aws:iam::123456789012:policy/secure-serverless-deploy"
	readOnlyAccess       = "arn:aws:iam::aws:policy/ReadOnlyAccess"
)

// githubSettings turns on the deploy role for the production environment and the preview role.
func githubSettings() map[string]string {
	return map[string]string{
		"githubDeployRole":         "true",
		"githubRepository":         "octo-org/secure-serverless",
		"githubDeployEnvironments": `["production"]`,
		"githubDeployPolicyArns":   `["` + deployPolicy + `"]`,
		"githubPreviewRole":        "true",
		"githubPreviewPolicyArns":  `["` + readOnlyAccess + `"]`,
	}
}

// subjectsOf returns the sub claims that a role's trust policy allows.
func subjectsOf(t *testing.T, trust string) []any {
	t.Helper()
	var document struct {
		Statement []struct {
			Condition map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(trust), &document))
	require.Len(t, document.Statement, 1)
	subjects, ok := document.Statement[0].Condition["StringEquals"]["token.actions.githubusercontent.com:sub"].([]any)
	require.True(t, ok, "trust policy %s has no StringEquals sub list", trust)
	return subjects
}

func TestProgramGitHubRolesOffByDefault(t *testing.T) {
	mocks, err := runProgram(t, nil, emptyProjectDir(t))
	require.NoError(t, err)

	assert.Empty(t, mocks.ByType(typeOIDCProvider))
	_, ok := mocks.Find(infra.GitHubDeployRoleType, "github")
	assert.False(t, ok, "the GitHub roles are opt-in")
}

func TestProgramCreatesGitHubRoles(t *testing.T) {
	settings := githubSettings()
	settings["githubDeployRoleName"] = "secure-serverless-deploy"
	settings["githubRoleMaxSessionSeconds"] = "7200"
	mocks, err := runProgram(t, settings, emptyProjectDir(t))
	require.NoError(t, err)

	_, ok := mocks.Find(infra.GitHubDeployRoleType, "github")
	require.True(t, ok)
	require.Len(t, mocks.ByType(typeOIDCProvider), 1)

	deploy, ok := mocks.Find(typeRole, "github-deploy")
	require.True(t, ok)
	assert.Equal(t, "secure-serverless-deploy", deploy.Inputs["name"].StringValue())
	assert.Equal(t, float64(7200), deploy.Inputs["maxSessionDuration"].NumberValue())
	assert.Equal(t, []any{"repo:octo-org/secure-serverless:environment:production"},
		subjectsOf(t, deploy.Inputs["assumeRolePolicy"].StringValue()))
	attachment, ok := mocks.Find(typePolicyAttachment, "github-deploy-managed-0")
	require.True(t, ok)
	assert.Equal(t, deployPolicy, attachment.Inputs["policyArn"].StringValue())

	preview, ok := mocks.Find(typeRole, "github-preview")
	require.True(t, ok)
	assert.Equal(t, []any{"repo:octo-org/secure-serverless:pull_request"},
		subjectsOf(t, preview.Inputs["assumeRolePolicy"].StringValue()))
	previewAttachment, ok := mocks.Find(typePolicyAttachment, "github-preview-managed-0")
	require.True(t, ok)
	assert.Equal(t, readOnlyAccess, previewAttachment.Inputs["policyArn"].StringValue())
}

func TestProgramReusesGitHubProvider(t *testing.T) {
	settings := githubSettings()
	settings["githubOidcProviderArn"] = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
	settings["githubDeployBranches"] = `["main"]`
	mocks, err := runProgram(t, settings, emptyProjectDir(t))
	require.NoError(t, err)

	assert.Empty(t, mocks.ByType(typeOIDCProvider), "the existing provider is reused")
	deploy, ok := mocks.Find(typeRole, "github-deploy")
	require.True(t, ok)
	assert.Equal(t, []any{
		"repo:octo-org/secure-serverless:ref:refs/heads/main",
		"repo:octo-org/secure-serverless:environment:production",
	}, subjectsOf(t, deploy.Inputs["assumeRolePolicy"].StringValue()))
}

func TestProgramRejectsInvalidGitHubSettings(t *testing.T) {
	tests := []struct {
		name    string
		change  map[string]string
		message string
	}{
		{"repository", map[string]string{"githubRepository": "secure-serverless"},
			"invalid stack setting secure-serverless-baseline:githubRepository=secure-serverless: accepted values " +
				"are OWNER/NAME of the GitHub repository"},
		{"no subjects", map[string]string{"githubDeployEnvironments": `[]`},
			"secure-serverless-baseline:githubDeployEnvironments=: accepted values are at least one GitHub environment"},
		{"branch wildcard", map[string]string{"githubDeployBranches": `["release/*"]`},
			"secure-serverless-baseline:githubDeployBranches=release/*: accepted values are branch names without " +
				"refs/heads/, wildcards or spaces"},
		{"environment with colon", map[string]string{"githubDeployEnvironments": `["prod:x"]`},
			"githubDeployEnvironments=prod:x: accepted values are GitHub environment names"},
		{"deploy without policies", map[string]string{"githubDeployPolicyArns": `[]`},
			"githubDeployPolicyArns=[]: accepted values are a list of the managed policy ARNs a deploy needs"},
		{"policy name", map[string]string{"githubDeployPolicyArns": `["AdministratorAccess"]`},
			"githubDeployPolicyArns=AdministratorAccess: accepted values are managed policy ARNs"},
		{"preview without policies", map[string]string{"githubPreviewPolicyArns": `[]`},
			"githubPreviewPolicyArns=[]: accepted values are a list of read-only managed policy ARNs"},
		{"preview without deploy role", map[string]string{"githubDeployRole": "false"},
			"githubPreviewRole=true: accepted values are false while githubDeployRole is false"},
		{"provider of another issuer", map[string]string{
			"githubOidcProviderArn": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"},
			"githubOidcProviderArn=arn:aws:iam::123456789012:oidc-provider/gitlab.com: accepted values are empty"},
		{"session", map[string]string{"githubRoleMaxSessionSeconds": "60"},
			"githubRoleMaxSessionSeconds=60: accepted values are 3600 to 43200"},
		{"role name", map[string]string{"githubDeployRoleName": "deploy role"},
			"githubDeployRoleName=deploy role: accepted values are empty or 1 to 64"},
		{"branches not a list", map[string]string{"githubDeployBranches": "main"},
			"githubDeployBranches=main: accepted values are a list of strings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settings := githubSettings()
			for key, value := range tt.change {
				settings[key] = value
			}

			_, err := runProgram(t, settings, emptyProjectDir(t))

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
		})
	}
}

// While githubDeployRole is off, the other GitHub settings are kept but not checked, so a stack can turn
// the roles off without clearing them.
func TestProgramIgnoresGitHubSettingsWhileOff(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{"githubRepository": "not a repository"}, emptyProjectDir(t))

	require.NoError(t, err)
	assert.Empty(t, mocks.ByType(typeRole))
}

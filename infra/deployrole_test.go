package infra

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
	"github.com/secureserverless/framework/policy/rules"
)

const (
	typeOIDCProvider = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	testRepository   = "octo-org/secure-serverless"
	// testProviderArn is the provider ARN the fake model gives the provider the component creates.
	testProviderArn = "arn:aws:iam::" + testAccountID + ":oidc-provider/token.actions.githubusercontent.com"
	// existingProviderArn is a provider of another account, as a stack that reuses one passes it.
	existingProviderArn = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com"
	readOnlyAccess      = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	deployPolicyArn     = "arn:aws:iam::" + testAccountID + ":policy/secure-serverless-deploy"
)

// deployRoleOutputs are the resolved outputs of a GitHubDeployRole component.
type deployRoleOutputs struct {
	providerArn, deployArn, deployName, previewArn, previewName string
}

// deployRoleArgs returns arguments with a deploy role for main and the production environment and a
// preview role, every field valid.
func deployRoleArgs() GitHubDeployRoleArgs {
	return GitHubDeployRoleArgs{
		Repository:   testRepository,
		Branches:     []string{"main"},
		Environments: []string{"production"},
		Deploy:       GitHubRoleArgs{ManagedPolicyArns: []string{deployPolicyArn}},
		PreviewRole:  true,
		Preview:      GitHubRoleArgs{ManagedPolicyArns: []string{readOnlyAccess}},
	}
}

// newTestDeployRole creates a GitHubDeployRole named "github" under mocks and returns its resolved outputs.
func newTestDeployRole(t *testing.T, args GitHubDeployRoleArgs) (*fakeaws.Mocks, deployRoleOutputs) {
	t.Helper()
	var outputs deployRoleOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		role, err := NewGitHubDeployRole(ctx, "github", args)
		if err != nil {
			return err
		}
		pulumi.All(role.OIDCProviderArn, role.DeployRoleArn, role.DeployRoleName, role.PreviewRoleArn,
			role.PreviewRoleName).ApplyT(func(values []any) error {
			outputs = deployRoleOutputs{
				providerArn: values[0].(string), deployArn: values[1].(string), deployName: values[2].(string),
				previewArn: values[3].(string), previewName: values[4].(string),
			}
			return nil
		})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// trustStatement returns the only statement of a role's trust policy.
func trustStatement(t *testing.T, role fakeaws.MockResource) map[string]any {
	t.Helper()
	statements, ok := policyDocument(t, role.Inputs, "assumeRolePolicy")["Statement"].([]any)
	require.True(t, ok, "trust policy of %s has no Statement list", role.Name)
	require.Len(t, statements, 1, "trust policy of %s", role.Name)
	return statements[0].(map[string]any)
}

func TestGitHubDeployRoleCreatesProvider(t *testing.T) {
	mocks, outputs := newTestDeployRole(t, deployRoleArgs())

	component := find(t, mocks, GitHubDeployRoleType, "github")
	assert.False(t, component.Custom)
	provider := find(t, mocks, typeOIDCProvider, "github-github-oidc")
	assertParent(t, provider, GitHubDeployRoleType, "github")
	assert.Equal(t, "https://token.actions.githubusercontent.com", provider.Inputs["url"].StringValue())
	clients := provider.Inputs["clientIdLists"].ArrayValue()
	require.Len(t, clients, 1)
	assert.Equal(t, "sts.amazonaws.com", clients[0].StringValue())
	assert.NotContains(t, provider.Inputs, "thumbprintLists", "IAM trusts GitHub's CA without a thumbprint")
	assert.Equal(t, testProviderArn, provider.Outputs["arn"].StringValue())
	assert.Equal(t, testProviderArn, outputs.providerArn)
}

func TestGitHubDeployRoleTrustConditions(t *testing.T) {
	mocks, _ := newTestDeployRole(t, deployRoleArgs())

	deploy := trustStatement(t, find(t, mocks, typeRole, "github-deploy"))
	assert.Equal(t, map[string]any{
		"Sid":       "GitHubActionsOIDC",
		"Effect":    "Allow",
		"Principal": map[string]any{"Federated": testProviderArn},
		"Action":    "sts:AssumeRoleWithWebIdentity",
		"Condition": map[string]any{"StringEquals": map[string]any{
			"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
			"token.actions.githubusercontent.com:sub": []any{
				"repo:octo-org/secure-serverless:ref:refs/heads/main",
				"repo:octo-org/secure-serverless:environment:production",
			},
		}},
	}, deploy)

	preview := trustStatement(t, find(t, mocks, typeRole, "github-preview"))
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{
		"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
		"token.actions.githubusercontent.com:sub": []any{"repo:octo-org/secure-serverless:pull_request"},
	}}, preview["Condition"])
	assert.Equal(t, "sts:AssumeRoleWithWebIdentity", preview["Action"])
	assert.Equal(t, map[string]any{"Federated": testProviderArn}, preview["Principal"])
}

func TestGitHubDeployRolePermissions(t *testing.T) {
	args := deployRoleArgs()
	args.Deploy.RoleName = "secure-serverless-deploy"
	args.Deploy.MaxSessionDurationSeconds = 7200
	args.Deploy.PolicyDocument = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Action":"s3:GetObject","Resource":"arn:aws:s3:::state-bucket/*"}]}`
	mocks, outputs := newTestDeployRole(t, args)

	deploy := find(t, mocks, typeRole, "github-deploy")
	assertParent(t, deploy, GitHubDeployRoleType, "github")
	assert.Equal(t, "secure-serverless-deploy", deploy.Inputs["name"].StringValue())
	assert.Equal(t, float64(7200), deploy.Inputs["maxSessionDuration"].NumberValue())
	assert.NotContains(t, deploy.Inputs, "managedPolicyArns", "attachments are separate resources")
	assert.NotContains(t, deploy.Inputs, "inlinePolicies", "the inline policy is a separate resource")
	assert.Equal(t, deploy.Outputs["arn"].StringValue(), outputs.deployArn)
	assert.Equal(t, "secure-serverless-deploy", outputs.deployName)

	attachment := find(t, mocks, typeManagedPolicyAttachment, "github-deploy-managed-0")
	assertParent(t, attachment, GitHubDeployRoleType, "github")
	assert.Equal(t, deployPolicyArn, attachment.Inputs["policyArn"].StringValue())
	assert.Equal(t, "secure-serverless-deploy", attachment.Inputs["role"].StringValue())
	inline := find(t, mocks, typeRolePolicy, "github-deploy-inline")
	assert.Equal(t, args.Deploy.PolicyDocument, inline.Inputs["policy"].StringValue())
	assert.Equal(t, deploy.ID, inline.Inputs["role"].StringValue())

	preview := find(t, mocks, typeRole, "github-preview")
	assert.Equal(t, float64(DefaultGitHubRoleMaxSessionSeconds), preview.Inputs["maxSessionDuration"].NumberValue())
	assert.Equal(t, preview.Outputs["arn"].StringValue(), outputs.previewArn)
	previewAttachment := find(t, mocks, typeManagedPolicyAttachment, "github-preview-managed-0")
	assert.Equal(t, readOnlyAccess, previewAttachment.Inputs["policyArn"].StringValue())
	assert.Equal(t, preview.Outputs["name"].StringValue(), previewAttachment.Inputs["role"].StringValue())
	assert.Len(t, mocks.ByType(typeManagedPolicyAttachment), 2)
	assert.Len(t, mocks.ByType(typeRolePolicy), 1, "only the deploy role has an inline policy")
}

func TestGitHubDeployRoleReusesProvider(t *testing.T) {
	args := deployRoleArgs()
	args.OIDCProviderArn = existingProviderArn
	args.PreviewRole = false
	args.Preview = GitHubRoleArgs{}
	mocks, outputs := newTestDeployRole(t, args)

	assert.Empty(t, mocks.ByType(typeOIDCProvider), "an existing provider is reused")
	assert.Equal(t, existingProviderArn, outputs.providerArn)
	deploy := trustStatement(t, find(t, mocks, typeRole, "github-deploy"))
	assert.Equal(t, map[string]any{"Federated": existingProviderArn}, deploy["Principal"])

	assert.Len(t, mocks.ByType(typeRole), 1, "no preview role")
	assert.Empty(t, outputs.previewArn)
	assert.Empty(t, outputs.previewName)
}

func TestGitHubDeployRoleBranchesOnly(t *testing.T) {
	args := deployRoleArgs()
	args.Branches = []string{"main", "release/2026"}
	args.Environments = nil
	mocks, _ := newTestDeployRole(t, args)

	condition := trustStatement(t, find(t, mocks, typeRole, "github-deploy"))["Condition"].(map[string]any)
	assert.Equal(t, []any{
		"repo:octo-org/secure-serverless:ref:refs/heads/main",
		"repo:octo-org/secure-serverless:ref:refs/heads/release/2026",
	}, condition["StringEquals"].(map[string]any)["token.actions.githubusercontent.com:sub"])
}

func TestGitHubDeployRoleRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*GitHubDeployRoleArgs)
		message string
	}{
		{"repository without owner", func(a *GitHubDeployRoleArgs) { a.Repository = "secure-serverless" },
			`Repository "secure-serverless" is invalid; use OWNER/NAME`},
		{"repository wildcard", func(a *GitHubDeployRoleArgs) { a.Repository = "octo-org/*" },
			`Repository "octo-org/*" is invalid; use OWNER/NAME`},
		{"repository with three parts", func(a *GitHubDeployRoleArgs) { a.Repository = "octo-org/app/extra" },
			`Repository "octo-org/app/extra" is invalid`},
		{"owner starting with hyphen", func(a *GitHubDeployRoleArgs) { a.Repository = "-octo/app" },
			`Repository "-octo/app" is invalid`},
		{"no subject", func(a *GitHubDeployRoleArgs) { a.Branches, a.Environments = nil, nil },
			"Branches and Environments are both empty; name the branches"},
		{"branch wildcard", func(a *GitHubDeployRoleArgs) { a.Branches = []string{"release/*"} },
			`Branches[0] "release/*" is invalid; use a branch name without "refs/heads/", wildcards or spaces`},
		{"branch as ref", func(a *GitHubDeployRoleArgs) { a.Branches = []string{"main", "refs/heads/main"} },
			`Branches[1] "refs/heads/main" is invalid`},
		{"duplicate branch", func(a *GitHubDeployRoleArgs) { a.Branches = []string{"main", "main"} },
			`Branches lists "main" twice`},
		{"environment with colon", func(a *GitHubDeployRoleArgs) { a.Environments = []string{"prod:*"} },
			`Environments[0] "prod:*" is invalid; use the name of a GitHub environment`},
		{"provider of another issuer", func(a *GitHubDeployRoleArgs) {
			a.OIDCProviderArn = "arn:aws:iam::123456789012:oidc-provider/gitlab.com"
		}, `OIDCProviderArn "arn:aws:iam::123456789012:oidc-provider/gitlab.com" is invalid; use the ARN of the account's IAM OIDC provider`},
		{"deploy without permissions", func(a *GitHubDeployRoleArgs) { a.Deploy.ManagedPolicyArns = nil },
			"Deploy grants no permission; set Deploy.ManagedPolicyArns or Deploy.PolicyDocument"},
		{"preview without permissions", func(a *GitHubDeployRoleArgs) { a.Preview.ManagedPolicyArns = nil },
			"Preview grants no permission; set Preview.ManagedPolicyArns or Preview.PolicyDocument"},
		{"policy name instead of ARN", func(a *GitHubDeployRoleArgs) { a.Deploy.ManagedPolicyArns = []string{"ReadOnlyAccess"} },
			`Deploy.ManagedPolicyArns[0] "ReadOnlyAccess" is invalid; use the ARN of a managed policy`},
		{"session too short", func(a *GitHubDeployRoleArgs) { a.Deploy.MaxSessionDurationSeconds = 900 },
			"Deploy.MaxSessionDurationSeconds is 900, must be 3600 to 43200"},
		{"session too long", func(a *GitHubDeployRoleArgs) { a.Preview.MaxSessionDurationSeconds = 86400 },
			"Preview.MaxSessionDurationSeconds is 86400, must be 3600 to 43200"},
		{"role name too long", func(a *GitHubDeployRoleArgs) { a.Deploy.RoleName = strings.Repeat("r", 65) },
			`Deploy.RoleName "` + strings.Repeat("r", 65) + `" is invalid; use 1 to 64`},
		{"policy document not JSON", func(a *GitHubDeployRoleArgs) { a.Deploy.PolicyDocument = "s3:GetObject" },
			"Deploy.PolicyDocument is invalid: not a JSON object"},
		{"policy document without statements", func(a *GitHubDeployRoleArgs) {
			a.Deploy.PolicyDocument = `{"Version":"2012-10-17","Statement":[]}`
		}, "Deploy.PolicyDocument is invalid: Statement is an empty list"},
		{"policy document of old version", func(a *GitHubDeployRoleArgs) {
			a.Deploy.PolicyDocument = `{"Version":"2008-10-17","Statement":{"Effect":"Allow"}}`
		}, `Deploy.PolicyDocument is invalid: Version is "2008-10-17", expected "2012-10-17"`},
		{"preview settings without preview role", func(a *GitHubDeployRoleArgs) { a.PreviewRole = false },
			"Preview is set but PreviewRole is false; set PreviewRole to true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := deployRoleArgs()
			tt.change(&args)

			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewGitHubDeployRole(ctx, "github", args)
				return err
			})

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), `GitHub deploy role "github"`)
			assert.Empty(t, mocks.Resources(), "nothing is created from invalid arguments")
		})
	}
}

func TestGitHubDeployRoleReportsEveryError(t *testing.T) {
	args := deployRoleArgs()
	args.Repository = "nope"
	args.Deploy.MaxSessionDurationSeconds = 1

	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewGitHubDeployRole(ctx, "github", args)
		return err
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), `Repository "nope" is invalid`)
	assert.Contains(t, err.Error(), "Deploy.MaxSessionDurationSeconds is 1")
}

func TestGitHubDeployRolePassesPackPolicies(t *testing.T) {
	args := deployRoleArgs()
	args.Deploy.PolicyDocument = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Action":"s3:GetObject","Resource":"arn:aws:s3:::state-bucket/*"}]}`
	mocks, _ := newTestDeployRole(t, args)

	run := runPolicyPack(t, mocks, nil)

	assert.Empty(t, run.findings)
	assert.Equal(t, 2, run.ran[rules.PolicyIAMRoleTrustRestricted], "the deploy and preview roles")
	assert.Equal(t, 4, run.ran[rules.PolicyIAMNoAdminManagedPolicy], "both roles and both attachments")
	assert.Equal(t, 1, run.ran[rules.PolicyIAMNoWildcardActions], "the inline policy")
	assert.Equal(t, 1, run.ran[rules.PolicyIAMRoleNoMixedPolicies])
}

// The pack's trust rule must stop a GitHub trust policy that names no subjects, or every repository, even
// when the audience condition is there: any repository's workflow could then assume the role.
func TestGitHubTrustWithoutSubjectFailsPack(t *testing.T) {
	tests := []struct {
		name   string
		change func(equals map[string]any)
	}{
		{"sub removed", func(equals map[string]any) { delete(equals, githubSubjectKey) }},
		{"sub of every repository", func(equals map[string]any) { equals[githubSubjectKey] = "repo:*" }},
		{"sub wildcard", func(equals map[string]any) { equals[githubSubjectKey] = "*" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var document map[string]any
			require.NoError(t, json.Unmarshal([]byte(GitHubTrustPolicy(testProviderArn,
				DeploySubjects(testRepository, []string{"main"}, nil))), &document))
			statement := document["Statement"].([]any)[0].(map[string]any)
			tt.change(statement["Condition"].(map[string]any)["StringEquals"].(map[string]any))
			weakened, err := json.Marshal(document)
			require.NoError(t, err)

			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := iam.NewRole(ctx, "github-deploy", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(string(weakened))})
				return err
			})
			require.NoError(t, err)
			run := runPolicyPack(t, mocks, nil)

			require.Len(t, run.findings, 1)
			assert.True(t, strings.HasPrefix(run.findings[0], rules.PolicyIAMRoleTrustRestricted+": "), run.findings[0])
			assert.Contains(t, run.findings[0], "without a condition on token.actions.githubusercontent.com:sub")
		})
	}
}

func TestGitHubTrustPolicyOfSubjects(t *testing.T) {
	assert.Equal(t, []string{
		"repo:o/r:ref:refs/heads/main",
		"repo:o/r:environment:prod",
	}, DeploySubjects("o/r", []string{"main"}, []string{"prod"}))
	assert.Equal(t, "repo:o/r:pull_request", PullRequestSubject("o/r"))
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"GitHubActionsOIDC","Effect":"Allow",`+
		`"Principal":{"Federated":"`+testProviderArn+`"},"Action":"sts:AssumeRoleWithWebIdentity",`+
		`"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com",`+
		`"token.actions.githubusercontent.com:sub":["repo:o/r:pull_request"]}}}]}`,
		GitHubTrustPolicy(testProviderArn, []string{"repo:o/r:pull_request"}))
}

// hostComponent is a component that a caller such as the component package registers itself.
type hostComponent struct {
	pulumi.ResourceState
}

func TestBuildGitHubDeployRoleUnderHost(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		host := &hostComponent{}
		if err := ctx.RegisterComponentResource(GitHubDeployRoleType, "hosted", host); err != nil {
			return err
		}
		_, err := BuildGitHubDeployRole(ctx, "hosted", deployRoleArgs(), host)
		return err
	})
	require.NoError(t, err)

	assert.Len(t, mocks.ByType(GitHubDeployRoleType), 1, "the host is the only component")
	assertParent(t, find(t, mocks, typeOIDCProvider, "hosted-github-oidc"), GitHubDeployRoleType, "hosted")
	assertParent(t, find(t, mocks, typeRole, "hosted-deploy"), GitHubDeployRoleType, "hosted")
	assertParent(t, find(t, mocks, typeRole, "hosted-preview"), GitHubDeployRoleType, "hosted")

	_, err = runWithMocks(t, func(ctx *pulumi.Context) error {
		host := &hostComponent{}
		if err := ctx.RegisterComponentResource(GitHubDeployRoleType, "hosted", host); err != nil {
			return err
		}
		args := deployRoleArgs()
		args.Repository = ""
		_, err := BuildGitHubDeployRole(ctx, "hosted", args, host)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `GitHub deploy role "hosted": Repository "" is invalid`)
}

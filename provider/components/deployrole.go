package components

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// GitHubDeployRole is the IAM OIDC provider for GitHub Actions and the roles a repository's workflows
// assume without stored AWS keys.
type GitHubDeployRole struct {
	pulumi.ResourceState

	OidcProviderArn pulumi.StringOutput `pulumi:"oidcProviderArn"`
	DeployRoleArn   pulumi.StringOutput `pulumi:"deployRoleArn"`
	DeployRoleName  pulumi.StringOutput `pulumi:"deployRoleName"`
	PreviewRoleArn  pulumi.StringOutput `pulumi:"previewRoleArn"`
	PreviewRoleName pulumi.StringOutput `pulumi:"previewRoleName"`
}

// GitHubRoleInputs configures one role of the GitHubDeployRole.
type GitHubRoleInputs struct {
	RoleName                  string   `pulumi:"roleName,optional"`
	ManagedPolicyArns         []string `pulumi:"managedPolicyArns,optional"`
	PolicyDocument            string   `pulumi:"policyDocument,optional"`
	MaxSessionDurationSeconds int      `pulumi:"maxSessionDurationSeconds,optional"`
}

// Annotate sets the type's token and the descriptions and defaults of its fields.
func (r *GitHubRoleInputs) Annotate(a infer.Annotator) {
	a.SetToken("identity", "GitHubRole")
	a.Describe(r, "One role that GitHub Actions workflows assume with OIDC. It has no permission unless "+
		"managedPolicyArns or policyDocument grants some.")
	a.Describe(&r.RoleName, "Name of the role, 1 to 64 letters, digits and +=,.@_- characters. Empty lets Pulumi "+
		"name it after the component.")
	a.SetDefault(&r.RoleName, "")
	a.Describe(&r.ManagedPolicyArns, "Managed policies attached to the role, such as "+
		"arn:aws:iam::aws:policy/ReadOnlyAccess.")
	a.Describe(&r.PolicyDocument, "JSON IAM policy document attached as the role's inline policy. Empty means none.")
	a.SetDefault(&r.PolicyDocument, "")
	a.Describe(&r.MaxSessionDurationSeconds, "Longest session a workflow can request, 3600 to 43200 seconds.")
	a.SetDefault(&r.MaxSessionDurationSeconds, infra.DefaultGitHubRoleMaxSessionSeconds)
}

// GitHubDeployRoleArgs are the inputs of the GitHubDeployRole.
type GitHubDeployRoleArgs struct {
	Repository      string            `pulumi:"repository"`
	OidcProviderArn string            `pulumi:"oidcProviderArn,optional"`
	Branches        []string          `pulumi:"branches,optional"`
	Environments    []string          `pulumi:"environments,optional"`
	Deploy          GitHubRoleInputs  `pulumi:"deploy"`
	PreviewRole     bool              `pulumi:"previewRole,optional"`
	Preview         *GitHubRoleInputs `pulumi:"preview,optional"`
}

// deployRoleFields maps the fields of infra.GitHubDeployRoleArgs to the input names.
var deployRoleFields = map[string]string{
	"Repository": "repository", "OIDCProviderArn": "oidcProviderArn", "Branches": "branches",
	"Environments": "environments", "Deploy": "deploy", "PreviewRole": "previewRole", "Preview": "preview",
	"RoleName": "roleName", "ManagedPolicyArns": "managedPolicyArns", "PolicyDocument": "policyDocument",
	"MaxSessionDurationSeconds": "maxSessionDurationSeconds",
}

// Annotate sets the descriptions and defaults of the inputs.
func (args *GitHubDeployRoleArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.Repository, "GitHub repository as OWNER/NAME, such as octo-org/secure-serverless.")
	a.Describe(&args.OidcProviderArn, "ARN of the account's existing IAM OIDC provider for GitHub Actions; IAM "+
		"allows one per issuer URL in an account. Empty creates the provider.")
	a.SetDefault(&args.OidcProviderArn, "")
	a.Describe(&args.Branches, "Branches whose workflow jobs may assume the deploy role, such as main, while the "+
		"job declares no environment.")
	a.Describe(&args.Environments, "GitHub environments whose jobs may assume the deploy role, such as "+
		"production; their protection rules then gate every deploy.")
	a.Describe(&args.Deploy, "The deploy role, which pushes to branches and environment jobs assume.")
	a.Describe(&args.PreviewRole, "Create a second role that only pull_request workflows may assume, for "+
		"policy-checked previews.")
	a.SetDefault(&args.PreviewRole, false)
	a.Describe(&args.Preview, "The preview role when previewRole is true. Grant read-only permissions.")
}

// Annotate sets the GitHubDeployRole's token and the descriptions of its outputs.
func (c *GitHubDeployRole) Annotate(a infer.Annotator) {
	setToken(a, infra.GitHubDeployRoleType)
	a.Describe(c, "The IAM OIDC provider for GitHub Actions, unless an existing one is given, and the roles that "+
		"one repository's workflows assume with OIDC, trusted only for the given branches, environments and, for "+
		"the preview role, pull requests.")
	a.Describe(&c.OidcProviderArn, "ARN of the OIDC provider, created or given.")
	a.Describe(&c.DeployRoleArn, "ARN of the deploy role, for role-to-assume in the workflow.")
	a.Describe(&c.DeployRoleName, "Name of the deploy role.")
	a.Describe(&c.PreviewRoleArn, "ARN of the preview role, empty when previewRole is false.")
	a.Describe(&c.PreviewRoleName, "Name of the preview role, empty when previewRole is false.")
}

// roleArgs returns infra's arguments of one role.
func (r GitHubRoleInputs) roleArgs() infra.GitHubRoleArgs {
	return infra.GitHubRoleArgs{
		RoleName:                  r.RoleName,
		ManagedPolicyArns:         r.ManagedPolicyArns,
		PolicyDocument:            r.PolicyDocument,
		MaxSessionDurationSeconds: r.MaxSessionDurationSeconds,
	}
}

// NewGitHubDeployRole registers the GitHubDeployRole and builds infra's provider and roles into it.
func NewGitHubDeployRole(ctx *pulumi.Context, name string, args GitHubDeployRoleArgs, opts ...pulumi.ResourceOption,
) (*GitHubDeployRole, error) {
	roleArgs := infra.GitHubDeployRoleArgs{
		Repository:      args.Repository,
		OIDCProviderArn: args.OidcProviderArn,
		Branches:        args.Branches,
		Environments:    args.Environments,
		Deploy:          args.Deploy.roleArgs(),
		PreviewRole:     args.PreviewRole,
	}
	if args.Preview != nil {
		roleArgs.Preview = args.Preview.roleArgs()
	}

	component := &GitHubDeployRole{}
	if err := ctx.RegisterComponentResource(infra.GitHubDeployRoleType, name, component, opts...); err != nil {
		return nil, err
	}
	role, err := infra.BuildGitHubDeployRole(ctx, name, roleArgs, component)
	if err != nil {
		return nil, inputError(infra.GitHubDeployRoleType, name, err, deployRoleFields)
	}

	component.OidcProviderArn = role.OIDCProviderArn
	component.DeployRoleArn = role.DeployRoleArn
	component.DeployRoleName = role.DeployRoleName
	component.PreviewRoleArn = role.PreviewRoleArn
	component.PreviewRoleName = role.PreviewRoleName
	return component, nil
}

package infra

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GitHubDeployRoleType is the type token of the GitHub Actions deploy role component.
const GitHubDeployRoleType = "secureserverless:identity:GitHubDeployRole"

// GitHub Actions OIDC constants from GitHub's guide "Configuring OpenID Connect in Amazon Web Services":
// the token issuer, the host that starts IAM's condition keys, and the audience that
// aws-actions/configure-aws-credentials requests by default.
const (
	GitHubOIDCIssuerURL = "https://token.actions.githubusercontent.com"
	GitHubOIDCHost      = "token.actions.githubusercontent.com"
	GitHubOIDCAudience  = "sts.amazonaws.com"
	githubAudienceKey   = GitHubOIDCHost + ":aud"
	githubSubjectKey    = GitHubOIDCHost + ":sub"
)

// Session limits of GitHubRoleArgs.MaxSessionDurationSeconds. IAM accepts 1 to 12 hours.
const (
	// DefaultGitHubRoleMaxSessionSeconds is one hour, IAM's minimum and the session that
	// aws-actions/configure-aws-credentials requests by default. An up that takes longer needs a longer
	// maximum and role-duration-seconds in the workflow.
	DefaultGitHubRoleMaxSessionSeconds = 3600
	maxGitHubRoleSessionSeconds        = 43200
)

// GitHubRoleArgs configures one role that GitHub Actions workflows assume with OIDC.
//
// The component grants no permission by default. A preview role needs read access to every resource of
// the stack, for refresh, and to the state backend. The AWS managed ReadOnlyAccess policy covers the
// reads. The backend also needs write access to its lock objects, and an awskms secrets provider needs
// kms:Decrypt on its key. A deploy role creates, updates and deletes the stack's resources (S3, KMS,
// Lambda, IAM roles and policies, API Gateway, CloudFront, WAF, Cognito, VPC and CloudWatch) and writes
// the state backend. Scope it with customer managed policies to the stack's name prefix.
type GitHubRoleArgs struct {
	// RoleName is the role's name: 1 to 64 letters, digits and +=,.@_- characters. Empty lets Pulumi
	// name the role after the component.
	RoleName string
	// ManagedPolicyArns are the managed policies attached to the role, such as
	// "arn:aws:iam::aws:policy/ReadOnlyAccess" or a customer managed policy.
	ManagedPolicyArns []string
	// PolicyDocument is a JSON IAM policy document attached to the role as its inline policy. Empty means
	// none. ManagedPolicyArns or PolicyDocument must grant something.
	PolicyDocument string
	// MaxSessionDurationSeconds is the longest session a workflow can request, 3600 to 43200 seconds.
	// Defaults to DefaultGitHubRoleMaxSessionSeconds.
	MaxSessionDurationSeconds int
}

// GitHubDeployRoleArgs configures the OIDC provider and the roles of one GitHub repository. Every field
// is a plain value, so the component package can serve it to other Pulumi languages.
type GitHubDeployRoleArgs struct {
	// Repository is the GitHub repository as OWNER/NAME, such as "octo-org/secure-serverless".
	Repository string
	// OIDCProviderArn is the ARN of the account's existing IAM OIDC provider for GitHub Actions. IAM
	// allows one provider per issuer URL in an account, so a second stack or an account that already
	// trusts GitHub passes its ARN. Empty creates the provider.
	OIDCProviderArn string
	// Branches are the branches whose workflow jobs may assume the deploy role, such as "main". A job
	// matches only while it declares no environment, because GitHub then puts the environment in the
	// token's sub claim in place of the branch.
	Branches []string
	// Environments are the GitHub environments whose jobs may assume the deploy role, such as
	// "production". Protection rules of the environment (required reviewers, branch rules) then gate
	// every deploy.
	Environments []string
	// Deploy configures the deploy role.
	Deploy GitHubRoleArgs
	// PreviewRole creates a second role that only pull_request workflows may assume, for policy-checked
	// previews of pull requests. A pull request job that declares an environment does not match it.
	PreviewRole bool
	// Preview configures the preview role when PreviewRole is set. Grant read-only permissions.
	Preview GitHubRoleArgs
}

// GitHubDeployRole is the IAM OIDC provider for GitHub Actions (unless an existing one is reused) and
// the roles that the repository's workflows assume with OIDC, without stored AWS keys.
type GitHubDeployRole struct {
	pulumi.ResourceState

	// Provider is nil when GitHubDeployRoleArgs.OIDCProviderArn reuses an existing provider.
	Provider    *iam.OpenIdConnectProvider
	DeployRole  *iam.Role
	PreviewRole *iam.Role

	OIDCProviderArn pulumi.StringOutput `pulumi:"oidcProviderArn"`
	DeployRoleArn   pulumi.StringOutput `pulumi:"deployRoleArn"`
	DeployRoleName  pulumi.StringOutput `pulumi:"deployRoleName"`
	// PreviewRoleArn and PreviewRoleName are "" unless GitHubDeployRoleArgs.PreviewRole is set.
	PreviewRoleArn  pulumi.StringOutput `pulumi:"previewRoleArn"`
	PreviewRoleName pulumi.StringOutput `pulumi:"previewRoleName"`
}

// NewGitHubDeployRole creates the OIDC provider (unless args reuses one), the deploy role and, when
// args.PreviewRole is set, the preview role.
func NewGitHubDeployRole(ctx *pulumi.Context, name string, args GitHubDeployRoleArgs, opts ...pulumi.ResourceOption,
) (*GitHubDeployRole, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &GitHubDeployRole{}
	if err := ctx.RegisterComponentResource(GitHubDeployRoleType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering GitHub deploy role %q: %w", name, err)
	}
	if err := component.build(ctx, name, args, component); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(component, component.outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of GitHub deploy role %q: %w", name, err)
	}
	return component, nil
}

// BuildGitHubDeployRole creates the provider and roles as children of host, a component resource of type
// GitHubDeployRoleType that the caller registered, such as the one the component package constructs. The
// caller registers host's outputs. The returned GitHubDeployRole is not a registered resource itself.
func BuildGitHubDeployRole(ctx *pulumi.Context, name string, args GitHubDeployRoleArgs, host pulumi.ComponentResource,
) (*GitHubDeployRole, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}
	parts := &GitHubDeployRole{}
	if err := parts.build(ctx, name, args, host); err != nil {
		return nil, err
	}
	return parts, nil
}

// build creates the provider and the roles under self and stores them and their outputs in component.
func (component *GitHubDeployRole) build(ctx *pulumi.Context, name string, args GitHubDeployRoleArgs,
	self pulumi.Resource,
) error {
	parent := pulumi.Parent(self)

	component.OIDCProviderArn = pulumi.String(args.OIDCProviderArn).ToStringOutput()
	if args.OIDCProviderArn == "" {
		provider, err := iam.NewOpenIdConnectProvider(ctx, name+"-github-oidc", &iam.OpenIdConnectProviderArgs{
			Url:           pulumi.String(GitHubOIDCIssuerURL),
			ClientIdLists: pulumi.StringArray{pulumi.String(GitHubOIDCAudience)},
			// No thumbprint: IAM checks GitHub's certificate against its library of trusted root CAs and
			// does not use a thumbprint for GitHub (IAM API Reference, UpdateOpenIDConnectProviderThumbprint).
		}, parent)
		if err != nil {
			return fmt.Errorf("creating the GitHub OIDC provider of GitHub deploy role %q: %w", name, err)
		}
		component.Provider = provider
		component.OIDCProviderArn = provider.Arn
	}

	deploy, err := newGitHubRole(ctx, name+"-deploy", githubRole{
		args:        args.Deploy,
		providerArn: component.OIDCProviderArn,
		subjects:    DeploySubjects(args.Repository, args.Branches, args.Environments),
		description: "GitHub Actions deploys of " + args.Repository + " assume this role with OIDC.",
	}, parent)
	if err != nil {
		return fmt.Errorf("GitHub deploy role %q: %w", name, err)
	}
	component.DeployRole = deploy
	component.DeployRoleArn, component.DeployRoleName = deploy.Arn, deploy.Name

	empty := pulumi.String("").ToStringOutput()
	component.PreviewRoleArn, component.PreviewRoleName = empty, empty
	if args.PreviewRole {
		preview, err := newGitHubRole(ctx, name+"-preview", githubRole{
			args:        args.Preview,
			providerArn: component.OIDCProviderArn,
			subjects:    []string{PullRequestSubject(args.Repository)},
			description: "GitHub Actions previews of pull requests to " + args.Repository + " assume this role with OIDC.",
		}, parent)
		if err != nil {
			return fmt.Errorf("GitHub deploy role %q: %w", name, err)
		}
		component.PreviewRole = preview
		component.PreviewRoleArn, component.PreviewRoleName = preview.Arn, preview.Name
	}
	return nil
}

// outputs returns the outputs to register, keyed as the struct tags name them.
func (component *GitHubDeployRole) outputs() pulumi.Map {
	return pulumi.Map{
		"oidcProviderArn": component.OIDCProviderArn,
		"deployRoleArn":   component.DeployRoleArn,
		"deployRoleName":  component.DeployRoleName,
		"previewRoleArn":  component.PreviewRoleArn,
		"previewRoleName": component.PreviewRoleName,
	}
}

// githubRole is one role of the component with its trust.
type githubRole struct {
	args        GitHubRoleArgs
	providerArn pulumi.StringOutput
	subjects    []string
	description string
}

// newGitHubRole creates a role named name that the subjects may assume through the provider, and
// attaches its permissions as separate resources, so the role owns no policy list exclusively.
func newGitHubRole(ctx *pulumi.Context, name string, role githubRole, parent pulumi.ResourceOption) (*iam.Role, error) {
	roleArgs := &iam.RoleArgs{
		Description:        pulumi.String(role.description),
		MaxSessionDuration: pulumi.Int(role.args.MaxSessionDurationSeconds),
		AssumeRolePolicy: role.providerArn.ApplyT(func(providerArn string) string {
			return GitHubTrustPolicy(providerArn, role.subjects)
		}).(pulumi.StringOutput),
	}
	if role.args.RoleName != "" {
		roleArgs.Name = pulumi.String(role.args.RoleName)
	}
	created, err := iam.NewRole(ctx, name, roleArgs, parent)
	if err != nil {
		return nil, fmt.Errorf("creating role %s: %w", name, err)
	}

	for i, policyArn := range role.args.ManagedPolicyArns {
		_, err := iam.NewRolePolicyAttachment(ctx, fmt.Sprintf("%s-managed-%d", name, i), &iam.RolePolicyAttachmentArgs{
			Role:      created.Name,
			PolicyArn: pulumi.String(policyArn),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("attaching %s to role %s: %w", policyArn, name, err)
		}
	}
	if role.args.PolicyDocument != "" {
		_, err := iam.NewRolePolicy(ctx, name+"-inline", &iam.RolePolicyArgs{
			Role:   created.ID(),
			Policy: pulumi.String(role.args.PolicyDocument),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating the inline policy of role %s: %w", name, err)
		}
	}
	return created, nil
}

// GitHubTrustPolicy returns the trust policy that lets GitHub Actions tokens from the provider assume a
// role: AssumeRoleWithWebIdentity only, with the aud claim equal to GitHubOIDCAudience and the sub claim
// equal to one of the subjects. StringEquals matches the subjects exactly, so no wildcard can widen them.
func GitHubTrustPolicy(providerArn string, subjects []string) string {
	return mustMarshalPolicy([]map[string]any{{
		"Sid":       "GitHubActionsOIDC",
		"Effect":    "Allow",
		"Principal": map[string]any{"Federated": providerArn},
		"Action":    "sts:AssumeRoleWithWebIdentity",
		"Condition": map[string]any{"StringEquals": map[string]any{
			githubAudienceKey: GitHubOIDCAudience,
			githubSubjectKey:  subjects,
		}},
	}})
}

// DeploySubjects returns the sub claims of the deploy role, in the default format of GitHub's OIDC
// tokens: "repo:OWNER/NAME:ref:refs/heads/BRANCH" for each branch, then
// "repo:OWNER/NAME:environment:ENVIRONMENT" for each environment.
// NOTE: a repository or organization that customizes its sub claim template gets other claims, which
// these subjects do not match.
func DeploySubjects(repository string, branches, environments []string) []string {
	subjects := make([]string, 0, len(branches)+len(environments))
	for _, branch := range branches {
		subjects = append(subjects, "repo:"+repository+":ref:refs/heads/"+branch)
	}
	for _, environment := range environments {
		subjects = append(subjects, "repo:"+repository+":environment:"+environment)
	}
	return subjects
}

// PullRequestSubject returns the sub claim of a pull_request workflow job that declares no environment.
func PullRequestSubject(repository string) string {
	return "repo:" + repository + ":pull_request"
}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args GitHubDeployRoleArgs) withDefaults(name string) (GitHubDeployRoleArgs, error) {
	if args.Deploy.MaxSessionDurationSeconds == 0 {
		args.Deploy.MaxSessionDurationSeconds = DefaultGitHubRoleMaxSessionSeconds
	}
	if args.PreviewRole && args.Preview.MaxSessionDurationSeconds == 0 {
		args.Preview.MaxSessionDurationSeconds = DefaultGitHubRoleMaxSessionSeconds
	}

	errs := args.validateTrust()
	errs = append(errs, args.Deploy.validate("Deploy")...)
	if args.PreviewRole {
		errs = append(errs, args.Preview.validate("Preview")...)
	} else if !args.Preview.isZero() {
		errs = append(errs, errors.New("Preview is set but PreviewRole is false; set PreviewRole to true to "+
			"create the preview role, or remove Preview"))
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("GitHub deploy role %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

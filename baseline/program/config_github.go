package program

import (
	"fmt"
	"strings"

	"github.com/secureserverless/framework/infra"
)

// validate checks the GitHub settings. The repository, subjects and permissions are checked only while
// githubDeployRole is on, so a stack can keep them while the roles are off.
func (g GitHubConfig) validate(namespace string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	checkList := func(values []string, valid func(string) bool, key, accepted string) {
		for _, value := range values {
			if !valid(value) {
				errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: value, Accepted: accepted, List: true})
			}
		}
	}

	check(!g.PreviewRole || g.DeployRole, "githubPreviewRole", g.PreviewRole,
		"false while githubDeployRole is false, because the preview role shares the deploy role's OIDC provider")
	if !g.DeployRole {
		return errs
	}

	check(infra.ValidGitHubRepository(g.Repository), "githubRepository", g.Repository,
		"OWNER/NAME of the GitHub repository whose workflows deploy, such as octo-org/secure-serverless")
	check(g.OIDCProviderArn == "" || infra.ValidGitHubOIDCProviderArn(g.OIDCProviderArn), "githubOidcProviderArn",
		g.OIDCProviderArn, "empty (create the provider) or the ARN of the account's OIDC provider for "+
			infra.GitHubOIDCHost)
	check(len(g.DeployBranches)+len(g.DeployEnvironments) > 0, "githubDeployEnvironments",
		strings.Join(g.DeployEnvironments, ","), "at least one GitHub environment, such as [production], "+
			"or a branch in githubDeployBranches")
	checkList(g.DeployBranches, infra.ValidGitHubBranch, "githubDeployBranches",
		"branch names without refs/heads/, wildcards or spaces, such as main")
	checkList(g.DeployEnvironments, infra.ValidGitHubEnvironment, "githubDeployEnvironments",
		"GitHub environment names without wildcards or ':', such as production")
	check(g.DeployRoleName == "" || infra.ValidIAMRoleName(g.DeployRoleName), "githubDeployRoleName",
		g.DeployRoleName, "empty or 1 to 64 letters, digits and +=,.@_- characters")
	check(len(g.DeployPolicyArns) > 0, "githubDeployPolicyArns", "[]",
		"a list of the managed policy ARNs a deploy needs; the role has no default permissions")
	checkList(g.DeployPolicyArns, infra.ValidManagedPolicyArn, "githubDeployPolicyArns",
		"managed policy ARNs, such as arn:aws:iam::123456789012:policy/secure-serverless-deploy")
	if g.PreviewRole {
		check(g.PreviewRoleName == "" || infra.ValidIAMRoleName(g.PreviewRoleName), "githubPreviewRoleName",
			g.PreviewRoleName, "empty or 1 to 64 letters, digits and +=,.@_- characters")
		check(len(g.PreviewPolicyArns) > 0, "githubPreviewPolicyArns", "[]",
			"a list of read-only managed policy ARNs, such as [arn:aws:iam::aws:policy/ReadOnlyAccess]")
		checkList(g.PreviewPolicyArns, infra.ValidManagedPolicyArn, "githubPreviewPolicyArns",
			"managed policy ARNs, such as arn:aws:iam::aws:policy/ReadOnlyAccess")
	}
	check(g.MaxSessionSeconds >= 3600 && g.MaxSessionSeconds <= 43200, "githubRoleMaxSessionSeconds",
		g.MaxSessionSeconds, "3600 to 43200")
	return errs
}

// deployRoleArgs returns the arguments of the GitHub deploy role component.
func (g GitHubConfig) deployRoleArgs() infra.GitHubDeployRoleArgs {
	args := infra.GitHubDeployRoleArgs{
		Repository:      g.Repository,
		OIDCProviderArn: g.OIDCProviderArn,
		Branches:        g.DeployBranches,
		Environments:    g.DeployEnvironments,
		Deploy: infra.GitHubRoleArgs{
			RoleName:                  g.DeployRoleName,
			ManagedPolicyArns:         g.DeployPolicyArns,
			MaxSessionDurationSeconds: g.MaxSessionSeconds,
		},
		PreviewRole: g.PreviewRole,
	}
	if g.PreviewRole {
		args.Preview = infra.GitHubRoleArgs{
			RoleName:                  g.PreviewRoleName,
			ManagedPolicyArns:         g.PreviewPolicyArns,
			MaxSessionDurationSeconds: g.MaxSessionSeconds,
		}
	}
	return args
}

package infra

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Formats of GitHub and IAM names that the GitHub deploy role checks before it creates anything.
var (
	// githubOwner is a user or organization login: letters, digits and single hyphens, at most 39
	// characters, not starting or ending with a hyphen.
	githubOwner = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)
	// githubRepositoryName is a repository name: letters, digits, '.', '_' and '-', at most 100.
	githubRepositoryName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	// githubBranch is a branch name without wildcards, spaces or the characters git forbids in refs.
	githubBranch = regexp.MustCompile(`^[A-Za-z0-9._/+-]{1,255}$`)
	// githubEnvironment is an environment name without the wildcards and ':' that would change what the
	// sub condition matches.
	githubEnvironment = regexp.MustCompile(`^[A-Za-z0-9 ._/+-]{1,255}$`)
	// iamRoleName is the role name format of IAM's CreateRole.
	iamRoleName = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	// managedPolicyArn is the ARN of an AWS managed or customer managed policy.
	managedPolicyArn = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/[\w+=,.@/-]+$`)
	// githubProviderArn is the ARN of an IAM OIDC provider for GitHub Actions' default issuer.
	githubProviderArn = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:oidc-provider/` +
		regexp.QuoteMeta(GitHubOIDCHost) + `$`)
)

// ValidGitHubRepository reports whether repository is OWNER/NAME of a GitHub repository, without wildcards.
func ValidGitHubRepository(repository string) bool {
	owner, name, found := strings.Cut(repository, "/")
	return found && githubOwner.MatchString(owner) && githubRepositoryName.MatchString(name) &&
		name != "." && name != ".."
}

// ValidGitHubBranch reports whether branch is a branch name without "refs/heads/", wildcards or spaces.
func ValidGitHubBranch(branch string) bool {
	return githubBranch.MatchString(branch) && !strings.Contains(branch, "..") && !strings.HasPrefix(branch, "/") &&
		!strings.HasSuffix(branch, "/") && !strings.HasPrefix(branch, "refs/")
}

// ValidGitHubEnvironment reports whether environment is a GitHub environment name that the sub condition
// matches literally: no wildcards, no ':' and no leading or trailing spaces.
func ValidGitHubEnvironment(environment string) bool {
	return githubEnvironment.MatchString(environment) && strings.TrimSpace(environment) == environment
}

// ValidGitHubOIDCProviderArn reports whether arn is the ARN of an IAM OIDC provider for GitHub Actions.
func ValidGitHubOIDCProviderArn(arn string) bool { return githubProviderArn.MatchString(arn) }

// ValidManagedPolicyArn reports whether arn is the ARN of an AWS managed or customer managed policy.
func ValidManagedPolicyArn(arn string) bool { return managedPolicyArn.MatchString(arn) }

// ValidIAMRoleName reports whether name is a role name that IAM accepts.
func ValidIAMRoleName(name string) bool { return iamRoleName.MatchString(name) }

// validateTrust checks the repository, the provider and the subjects of the deploy role.
func (args GitHubDeployRoleArgs) validateTrust() []error {
	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }

	if !ValidGitHubRepository(args.Repository) {
		invalid("Repository %q is invalid; use OWNER/NAME of a GitHub repository, such as "+
			"\"octo-org/secure-serverless\", without wildcards", args.Repository)
	}
	if args.OIDCProviderArn != "" && !ValidGitHubOIDCProviderArn(args.OIDCProviderArn) {
		invalid("OIDCProviderArn %q is invalid; use the ARN of the account's IAM OIDC provider for %s, such as "+
			"\"arn:aws:iam::123456789012:oidc-provider/%s\", or leave it empty to create the provider",
			args.OIDCProviderArn, GitHubOIDCIssuerURL, GitHubOIDCHost)
	}
	if len(args.Branches) == 0 && len(args.Environments) == 0 {
		invalid("Branches and Environments are both empty; name the branches (such as \"main\") or the GitHub " +
			"environments (such as \"production\") whose workflow jobs may deploy")
	}
	for i, branch := range args.Branches {
		if !ValidGitHubBranch(branch) {
			invalid("Branches[%d] %q is invalid; use a branch name without \"refs/heads/\", wildcards or spaces, "+
				"such as \"main\"", i, branch)
		}
	}
	for i, environment := range args.Environments {
		if !ValidGitHubEnvironment(environment) {
			invalid("Environments[%d] %q is invalid; use the name of a GitHub environment, 1 to 255 letters, digits, "+
				"spaces and ._/+- characters without leading or trailing spaces, such as \"production\"", i, environment)
		}
	}
	if dup := firstDuplicate(args.Branches); dup != "" {
		invalid("Branches lists %q twice; list each branch once", dup)
	}
	if dup := firstDuplicate(args.Environments); dup != "" {
		invalid("Environments lists %q twice; list each environment once", dup)
	}
	return errs
}

// validate checks the settings of one role, named field in messages ("Deploy" or "Preview").
func (role GitHubRoleArgs) validate(field string) []error {
	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }

	if role.RoleName != "" && !ValidIAMRoleName(role.RoleName) {
		invalid("%s.RoleName %q is invalid; use 1 to 64 letters, digits and +=,.@_- characters, or leave it "+
			"empty to let Pulumi name the role", field, role.RoleName)
	}
	if role.MaxSessionDurationSeconds < DefaultGitHubRoleMaxSessionSeconds ||
		role.MaxSessionDurationSeconds > maxGitHubRoleSessionSeconds {
		invalid("%s.MaxSessionDurationSeconds is %d, must be %d to %d (1 to 12 hours)", field,
			role.MaxSessionDurationSeconds, DefaultGitHubRoleMaxSessionSeconds, maxGitHubRoleSessionSeconds)
	}
	if len(role.ManagedPolicyArns) == 0 && role.PolicyDocument == "" {
		invalid("%s grants no permission; set %s.ManagedPolicyArns or %s.PolicyDocument to what the "+
			"workflow needs, because the component has no default permissions", field, field, field)
	}
	for i, arn := range role.ManagedPolicyArns {
		if !ValidManagedPolicyArn(arn) {
			invalid("%s.ManagedPolicyArns[%d] %q is invalid; use the ARN of a managed policy, such as "+
				"\"arn:aws:iam::aws:policy/ReadOnlyAccess\"", field, i, arn)
		}
	}
	if dup := firstDuplicate(role.ManagedPolicyArns); dup != "" {
		invalid("%s.ManagedPolicyArns lists %q twice; list each policy once", field, dup)
	}
	if role.PolicyDocument != "" {
		if err := checkPolicyDocument(role.PolicyDocument); err != nil {
			invalid("%s.PolicyDocument is invalid: %v; use a JSON IAM policy document such as "+
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::BUCKET/*"}]}`,
				field, err)
		}
	}
	return errs
}

// isZero reports whether no field of the role is set.
func (role GitHubRoleArgs) isZero() bool {
	return role.RoleName == "" && len(role.ManagedPolicyArns) == 0 && role.PolicyDocument == "" &&
		role.MaxSessionDurationSeconds == 0
}

// checkPolicyDocument checks that text is a JSON object with version 2012-10-17 and at least one
// statement. The policy pack checks the statements themselves at preview.
func checkPolicyDocument(text string) error {
	var document struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(text), &document); err != nil {
		return fmt.Errorf("not a JSON object (%v)", err)
	}
	if document.Version != "2012-10-17" {
		return fmt.Errorf("Version is %q, expected \"2012-10-17\"", document.Version)
	}
	var statements []json.RawMessage
	if err := json.Unmarshal(document.Statement, &statements); err != nil {
		var single map[string]any
		if json.Unmarshal(document.Statement, &single) != nil {
			return fmt.Errorf("Statement is missing or is neither an object nor a list")
		}
		statements = []json.RawMessage{document.Statement}
	}
	if len(statements) == 0 {
		return fmt.Errorf("Statement is an empty list")
	}
	return nil
}

// firstDuplicate returns the first value that occurs twice, or "".
func firstDuplicate(values []string) string {
	for i, value := range values {
		if slices.Contains(values[:i], value) {
			return value
		}
	}
	return ""
}

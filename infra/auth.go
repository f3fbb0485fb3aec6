package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AuthType is the type token of the Cognito auth component.
const AuthType = "secureserverless:identity:Auth"

// MFA modes of AuthArgs.MFA. Both use TOTP authenticator apps, never SMS.
const (
	// MFAOn requires every user to sign in with a TOTP code.
	MFAOn = "ON"
	// MFAOptional lets each user choose whether to register a TOTP authenticator.
	MFAOptional = "OPTIONAL"
)

// Feature plans of AuthArgs.FeaturePlan, as userPoolTier names them.
const (
	FeaturePlanLite       = "LITE"
	FeaturePlanEssentials = "ESSENTIALS"
	// FeaturePlanPlus is the only plan with threat protection.
	FeaturePlanPlus = "PLUS"
)

// Threat protection modes of AuthArgs.ThreatProtection, as userPoolAddOns.advancedSecurityMode names them.
const (
	ThreatProtectionOff = "OFF"
	// ThreatProtectionAudit records risky sign-ins without acting on them.
	ThreatProtectionAudit = "AUDIT"
	// ThreatProtectionEnforced blocks or challenges risky sign-ins and compromised credentials.
	ThreatProtectionEnforced = "ENFORCED"
)

// The groups every user pool has. Cognito puts a user's groups in the cognito:groups claim, ordered by
// precedence, and the functions check that claim, because a User Pools authorizer cannot check groups.
const (
	AdminGroup = "admin"
	UserGroup  = "user"
	// AdminGroupPrecedence is the highest priority, because a lower value wins when a user is in
	// several groups.
	AdminGroupPrecedence = 0
	// UserGroupPrecedence is the lowest priority. Extra groups come between admin and user, at
	// 10, 20, 30 and so on in the order of AuthArgs.ExtraGroups.
	UserGroupPrecedence = 1000
	// extraGroupPrecedenceStep is the gap between the precedences of consecutive extra groups.
	extraGroupPrecedenceStep = 10
	// maxExtraGroups keeps every extra group's precedence below UserGroupPrecedence.
	maxExtraGroups = UserGroupPrecedence/extraGroupPrecedenceStep - 1
)

// Defaults of AuthArgs; a zero field means the default.
const (
	// DefaultPasswordMinimumLength is above MinPasswordLength, the policy pack's floor of 8 characters.
	DefaultPasswordMinimumLength = 12
	// DefaultTemporaryPasswordValidityDays bounds how long the password of an invitation works.
	DefaultTemporaryPasswordValidityDays = 3
	// DefaultMFA requires TOTP for every user.
	DefaultMFA = MFAOn
	// DefaultFeaturePlan leaves out threat protection, which only FeaturePlanPlus has.
	DefaultFeaturePlan = FeaturePlanEssentials
	// DefaultAccessTokenMinutes and DefaultIDTokenMinutes keep a stolen token useful for a short time.
	DefaultAccessTokenMinutes = 15
	DefaultIDTokenMinutes     = 15
	// DefaultRefreshTokenHours makes users sign in again after 12 hours. Sign-out revokes the refresh
	// token at once, because the web client has token revocation on.
	DefaultRefreshTokenHours = 12
	// DefaultAuthSessionMinutes is how long the session of one sign-in flow, such as the MFA step, lasts.
	DefaultAuthSessionMinutes = 3
)

// WebClientOAuthScopes are the OAuth scopes the web client may request: the user's identity and email.
var WebClientOAuthScopes = []string{"openid", "email"}

// WebClientAuthFlows are the flows the web client may use outside the hosted UI: SRP, which never sends
// the password, and refresh. USER_PASSWORD_AUTH is left out, so no password crosses the wire.
var WebClientAuthFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}

// AuthResourceServer is an OAuth resource server whose scopes machine clients request.
type AuthResourceServer struct {
	// Identifier prefixes every scope, as in "<Identifier>/<scope>", such as "https://api.example.com".
	Identifier string
	// Scopes are the scope names, such as "files.read".
	Scopes []string
}

// AuthArgs configures the user pool and its web client.
type AuthArgs struct {
	// NamePrefix starts the names of the user pool and the client, such as "secure-serverless-dev".
	NamePrefix string
	// PasswordMinimumLength is 8 to 99 characters. Defaults to DefaultPasswordMinimumLength. Passwords
	// always need lowercase and uppercase letters, numbers and symbols.
	PasswordMinimumLength int
	// TemporaryPasswordValidityDays is 1 to 365. Defaults to DefaultTemporaryPasswordValidityDays.
	TemporaryPasswordValidityDays int
	// MFA is MFAOn (the default) or MFAOptional.
	MFA string
	// FeaturePlan is FeaturePlanLite, FeaturePlanEssentials (the default) or FeaturePlanPlus.
	FeaturePlan string
	// ThreatProtection is ThreatProtectionOff, ThreatProtectionAudit or ThreatProtectionEnforced, and
	// anything but off needs FeaturePlanPlus. Empty means enforced with the Plus plan and off otherwise.
	ThreatProtection string
	// AllowSelfSignUp lets users create their own accounts. By default only administrators create users.
	AllowSelfSignUp bool
	// ExtraGroups are groups besides AdminGroup and UserGroup, such as "auditor", with precedences
	// between theirs in the order given.
	ExtraGroups []string
	// CallbackURLs are where Cognito sends the authorization code: https, or http://localhost for
	// development. Empty turns the OAuth flows of the web client off, leaving SRP sign-in.
	CallbackURLs []string
	// LogoutURLs are where Cognito sends the browser after sign-out, with the same rules.
	LogoutURLs []string
	// AccessTokenMinutes is 5 to 1440. Defaults to DefaultAccessTokenMinutes.
	AccessTokenMinutes int
	// IDTokenMinutes is 5 to 1440. Defaults to DefaultIDTokenMinutes.
	IDTokenMinutes int
	// RefreshTokenHours is 1 to 87600 (ten years). Defaults to DefaultRefreshTokenHours.
	RefreshTokenHours int
	// ResourceServer adds an OAuth resource server when its Identifier is set.
	ResourceServer AuthResourceServer
	// DomainPrefix adds a hosted UI domain, <DomainPrefix>.auth.<region>.amazoncognito.com, when set.
	DomainPrefix string
	// Protect protects the user pool from `pulumi destroy` and keeps it in AWS when it leaves the
	// program. Cognito's deletion protection is on in any case.
	Protect bool
}

// Auth is the Cognito user pool that signs users in, with its groups, the app client of the web front
// end and, when configured, a resource server and a hosted UI domain.
type Auth struct {
	pulumi.ResourceState

	UserPool *cognito.UserPool
	Client   *cognito.UserPoolClient
	Groups   []*cognito.UserGroup
	// ResourceServer and Domain are nil unless configured.
	ResourceServer *cognito.ResourceServer
	Domain         *cognito.UserPoolDomain

	UserPoolId  pulumi.StringOutput `pulumi:"userPoolId"`
	UserPoolArn pulumi.StringOutput `pulumi:"userPoolArn"`
	// UserPoolEndpoint is "cognito-idp.<region>.amazonaws.com/<pool id>".
	UserPoolEndpoint pulumi.StringOutput `pulumi:"userPoolEndpoint"`
	// IssuerURL is the iss claim of the pool's tokens, "https://" followed by UserPoolEndpoint.
	IssuerURL  pulumi.StringOutput      `pulumi:"issuerUrl"`
	ClientId   pulumi.StringOutput      `pulumi:"clientId"`
	GroupNames pulumi.StringArrayOutput `pulumi:"groupNames"`
	// DomainName is the hosted UI domain prefix, or "" without one.
	DomainName pulumi.StringOutput `pulumi:"domain"`
}

// NewAuth creates the user pool, its groups, the web client and the optional resource server and domain.
func NewAuth(ctx *pulumi.Context, name string, args AuthArgs, opts ...pulumi.ResourceOption) (*Auth, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &Auth{}
	self, err := registerComponent(ctx, AuthType, name, component, opts...)
	if err != nil {
		return nil, fmt.Errorf("registering auth %q: %w", name, err)
	}
	parent := pulumi.Parent(self)

	pool, err := cognito.NewUserPool(ctx, name+"-user-pool", args.userPoolArgs(),
		append([]pulumi.ResourceOption{parent}, statefulOptions(args.Protect)...)...)
	if err != nil {
		return nil, fmt.Errorf("creating user pool of auth %q: %w", name, err)
	}
	component.UserPool = pool

	groupNames := make([]string, 0, len(args.ExtraGroups)+2)
	for _, group := range args.groups() {
		created, err := cognito.NewUserGroup(ctx, name+"-group-"+group.name, &cognito.UserGroupArgs{
			UserPoolId:  pool.ID(),
			Name:        pulumi.String(group.name),
			Description: pulumi.String(group.description),
			Precedence:  pulumi.Int(group.precedence),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating group %q of auth %q: %w", group.name, name, err)
		}
		component.Groups = append(component.Groups, created)
		groupNames = append(groupNames, group.name)
	}

	if args.ResourceServer.Identifier != "" {
		scopes := cognito.ResourceServerScopeArray{}
		for _, scope := range args.ResourceServer.Scopes {
			scopes = append(scopes, cognito.ResourceServerScopeArgs{
				ScopeName:        pulumi.String(scope),
				ScopeDescription: pulumi.Sprintf("Grants %s on %s.", scope, args.ResourceServer.Identifier),
			})
		}
		server, err := cognito.NewResourceServer(ctx, name+"-resource-server", &cognito.ResourceServerArgs{
			UserPoolId: pool.ID(),
			Identifier: pulumi.String(args.ResourceServer.Identifier),
			Name:       pulumi.String(args.NamePrefix + "-api"),
			Scopes:     scopes,
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating resource server of auth %q: %w", name, err)
		}
		component.ResourceServer = server
	}

	client, err := cognito.NewUserPoolClient(ctx, name+"-web-client", args.webClientArgs(pool), parent)
	if err != nil {
		return nil, fmt.Errorf("creating web client of auth %q: %w", name, err)
	}
	component.Client = client

	component.DomainName = pulumi.String("").ToStringOutput()
	if args.DomainPrefix != "" {
		domain, err := cognito.NewUserPoolDomain(ctx, name+"-domain", &cognito.UserPoolDomainArgs{
			UserPoolId: pool.ID(),
			Domain:     pulumi.String(args.DomainPrefix),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating hosted UI domain of auth %q: %w", name, err)
		}
		component.Domain = domain
		component.DomainName = domain.Domain
	}

	component.UserPoolId = pool.ID().ToStringOutput()
	component.UserPoolArn = pool.Arn
	component.UserPoolEndpoint = pool.Endpoint
	component.IssuerURL = pulumi.Sprintf("https://%s", pool.Endpoint)
	component.ClientId = client.ID().ToStringOutput()
	component.GroupNames = pulumi.ToStringArray(groupNames).ToStringArrayOutput()
	if err := registerOutputs(ctx, self, component, pulumi.Map{
		"userPoolId":       component.UserPoolId,
		"userPoolArn":      component.UserPoolArn,
		"userPoolEndpoint": component.UserPoolEndpoint,
		"issuerUrl":        component.IssuerURL,
		"clientId":         component.ClientId,
		"groupNames":       component.GroupNames,
		"domain":           component.DomainName,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of auth %q: %w", name, err)
	}
	return component, nil
}

// userPoolArgs returns the settings of the user pool. Users sign in with their email address, which
// Cognito verifies on sign-up and before an update takes effect, and which is the only way to recover
// an account.
func (args AuthArgs) userPoolArgs() *cognito.UserPoolArgs {
	poolArgs := &cognito.UserPoolArgs{
		Name:               pulumi.String(args.NamePrefix + "-users"),
		DeletionProtection: pulumi.String("ACTIVE"),
		UserPoolTier:       pulumi.String(args.FeaturePlan),
		UsernameAttributes: pulumi.ToStringArray([]string{"email"}),
		PasswordPolicy: &cognito.UserPoolPasswordPolicyArgs{
			MinimumLength:                 pulumi.Int(args.PasswordMinimumLength),
			RequireLowercase:              pulumi.Bool(true),
			RequireUppercase:              pulumi.Bool(true),
			RequireNumbers:                pulumi.Bool(true),
			RequireSymbols:                pulumi.Bool(true),
			TemporaryPasswordValidityDays: pulumi.Int(args.TemporaryPasswordValidityDays),
		},
		MfaConfiguration: pulumi.String(args.MFA),
		SoftwareTokenMfaConfiguration: &cognito.UserPoolSoftwareTokenMfaConfigurationArgs{
			Enabled: pulumi.Bool(true),
		},
		AdminCreateUserConfig: &cognito.UserPoolAdminCreateUserConfigArgs{
			AllowAdminCreateUserOnly: pulumi.Bool(!args.AllowSelfSignUp),
		},
		AutoVerifiedAttributes: pulumi.ToStringArray([]string{"email"}),
		UserAttributeUpdateSettings: &cognito.UserPoolUserAttributeUpdateSettingsArgs{
			AttributesRequireVerificationBeforeUpdates: pulumi.ToStringArray([]string{"email"}),
		},
		VerificationMessageTemplate: &cognito.UserPoolVerificationMessageTemplateArgs{
			DefaultEmailOption: pulumi.String("CONFIRM_WITH_CODE"),
		},
		AccountRecoverySetting: &cognito.UserPoolAccountRecoverySettingArgs{
			RecoveryMechanisms: cognito.UserPoolAccountRecoverySettingRecoveryMechanismArray{
				cognito.UserPoolAccountRecoverySettingRecoveryMechanismArgs{
					Name:     pulumi.String("verified_email"),
					Priority: pulumi.Int(1),
				},
			},
		},
		// NOTE: without emailConfiguration Cognito sends mail itself, limited to a few dozen messages a
		// day; production pools with many users need an SES identity.
	}
	// Only the Plus plan has threat protection, so the other plans get no userPoolAddOns block.
	if args.FeaturePlan == FeaturePlanPlus {
		poolArgs.UserPoolAddOns = &cognito.UserPoolUserPoolAddOnsArgs{
			AdvancedSecurityMode: pulumi.String(args.ThreatProtection),
		}
	}
	return poolArgs
}

// webClientArgs returns the settings of the public client of the web front end: no secret, because a
// browser cannot keep one, and the authorization code flow without the implicit flow.
//
// NOTE: Cognito accepts a code request without PKCE, so the front end must send an S256 code_challenge.
func (args AuthArgs) webClientArgs(pool *cognito.UserPool) *cognito.UserPoolClientArgs {
	clientArgs := &cognito.UserPoolClientArgs{
		Name:                       pulumi.String(args.NamePrefix + "-web"),
		UserPoolId:                 pool.ID(),
		GenerateSecret:             pulumi.Bool(false),
		PreventUserExistenceErrors: pulumi.String("ENABLED"),
		EnableTokenRevocation:      pulumi.Bool(true),
		ExplicitAuthFlows:          pulumi.ToStringArray(WebClientAuthFlows),
		AccessTokenValidity:        pulumi.Int(args.AccessTokenMinutes),
		IdTokenValidity:            pulumi.Int(args.IDTokenMinutes),
		RefreshTokenValidity:       pulumi.Int(args.RefreshTokenHours),
		AuthSessionValidity:        pulumi.Int(DefaultAuthSessionMinutes),
		TokenValidityUnits: &cognito.UserPoolClientTokenValidityUnitsArgs{
			AccessToken:  pulumi.String("minutes"),
			IdToken:      pulumi.String("minutes"),
			RefreshToken: pulumi.String("hours"),
		},
		AllowedOauthFlowsUserPoolClient: pulumi.Bool(false),
	}
	if len(args.CallbackURLs) > 0 {
		clientArgs.AllowedOauthFlowsUserPoolClient = pulumi.Bool(true)
		clientArgs.AllowedOauthFlows = pulumi.ToStringArray([]string{"code"})
		clientArgs.AllowedOauthScopes = pulumi.ToStringArray(WebClientOAuthScopes)
		clientArgs.SupportedIdentityProviders = pulumi.ToStringArray([]string{"COGNITO"})
		clientArgs.CallbackUrls = pulumi.ToStringArray(args.CallbackURLs)
		clientArgs.LogoutUrls = pulumi.ToStringArray(args.LogoutURLs)
	}
	return clientArgs
}

// authGroup is one group of the user pool.
type authGroup struct {
	name        string
	description string
	precedence  int
}

// groups returns admin, the extra groups and user, in precedence order.
func (args AuthArgs) groups() []authGroup {
	groups := []authGroup{{
		name: AdminGroup, description: "Administrators: review quarantined uploads and erase users' files.",
		precedence: AdminGroupPrecedence,
	}}
	for i, name := range args.ExtraGroups {
		groups = append(groups, authGroup{
			name: name, description: "Extra role " + name + ", checked by the functions from the claims.",
			precedence: (i + 1) * extraGroupPrecedenceStep,
		})
	}
	return append(groups, authGroup{
		name: UserGroup, description: "Users: upload, list, read and delete their own files.",
		precedence: UserGroupPrecedence,
	})
}

package components

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// Auth is the Cognito user pool with its web client and groups.
type Auth struct {
	pulumi.ResourceState

	UserPoolId       pulumi.StringOutput      `pulumi:"userPoolId"`
	UserPoolArn      pulumi.StringOutput      `pulumi:"userPoolArn"`
	UserPoolEndpoint pulumi.StringOutput      `pulumi:"userPoolEndpoint"`
	IssuerUrl        pulumi.StringOutput      `pulumi:"issuerUrl"`
	ClientId         pulumi.StringOutput      `pulumi:"clientId"`
	GroupNames       pulumi.StringArrayOutput `pulumi:"groupNames"`
	Domain           pulumi.StringOutput      `pulumi:"domain"`
}

// AuthArgs are the inputs of the Auth.
type AuthArgs struct {
	NamePrefix               string   `pulumi:"namePrefix"`
	PasswordMinimumLength    int      `pulumi:"passwordMinimumLength,optional"`
	TemporaryPasswordDays    int      `pulumi:"temporaryPasswordDays,optional"`
	Mfa                      string   `pulumi:"mfa,optional"`
	FeaturePlan              string   `pulumi:"featurePlan,optional"`
	ThreatProtection         string   `pulumi:"threatProtection,optional"`
	SelfSignUp               bool     `pulumi:"selfSignUp,optional"`
	Groups                   []string `pulumi:"groups,optional"`
	CallbackUrls             []string `pulumi:"callbackUrls,optional"`
	LogoutUrls               []string `pulumi:"logoutUrls,optional"`
	AccessTokenMinutes       int      `pulumi:"accessTokenMinutes,optional"`
	IdTokenMinutes           int      `pulumi:"idTokenMinutes,optional"`
	RefreshTokenHours        int      `pulumi:"refreshTokenHours,optional"`
	ResourceServerIdentifier string   `pulumi:"resourceServerIdentifier,optional"`
	ResourceServerScopes     []string `pulumi:"resourceServerScopes,optional"`
	DomainPrefix             string   `pulumi:"domainPrefix,optional"`
	Protect                  bool     `pulumi:"protect,optional"`
}

// authFields maps the fields of infra.AuthArgs to the input names.
var authFields = map[string]string{
	"NamePrefix": "namePrefix", "PasswordMinimumLength": "passwordMinimumLength",
	"TemporaryPasswordValidityDays": "temporaryPasswordDays", "MFA": "mfa", "FeaturePlan": "featurePlan",
	"ThreatProtection": "threatProtection", "ExtraGroups": "groups", "CallbackURLs": "callbackUrls",
	"LogoutURLs": "logoutUrls", "AccessTokenMinutes": "accessTokenMinutes", "IDTokenMinutes": "idTokenMinutes",
	"RefreshTokenHours": "refreshTokenHours", "ResourceServer.Identifier": "resourceServerIdentifier",
	"ResourceServer.Scopes": "resourceServerScopes", "DomainPrefix": "domainPrefix",
}

// Annotate sets the descriptions and defaults of the inputs.
func (args *AuthArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.NamePrefix, "Start of the names of the user pool and its client, such as my-app-dev.")
	a.Describe(&args.PasswordMinimumLength, "Minimum password length, from 8 to 99 characters. Passwords always "+
		"need lowercase and uppercase letters, numbers and symbols.")
	a.SetDefault(&args.PasswordMinimumLength, infra.DefaultPasswordMinimumLength)
	a.Describe(&args.TemporaryPasswordDays, "Days that the temporary password of an invited user works, from 1 "+
		"to 365.")
	a.SetDefault(&args.TemporaryPasswordDays, infra.DefaultTemporaryPasswordValidityDays)
	a.Describe(&args.Mfa, "Multi-factor authentication with a TOTP app: ON for every user or OPTIONAL for each "+
		"user to choose. SMS is never offered.")
	a.SetDefault(&args.Mfa, infra.DefaultMFA)
	a.Describe(&args.FeaturePlan, "Cognito feature plan, LITE, ESSENTIALS or PLUS.")
	a.SetDefault(&args.FeaturePlan, infra.DefaultFeaturePlan)
	a.Describe(&args.ThreatProtection, "Cognito threat protection, OFF, AUDIT or ENFORCED; AUDIT and ENFORCED "+
		"need featurePlan PLUS. Empty means ENFORCED with the PLUS plan and OFF otherwise.")
	a.SetDefault(&args.ThreatProtection, "")
	a.Describe(&args.SelfSignUp, "Let users create their own accounts. By default only administrators create "+
		"users.")
	a.SetDefault(&args.SelfSignUp, false)
	a.Describe(&args.Groups, "Groups besides admin and user, such as auditor, with precedences between theirs in "+
		"the order given.")
	a.Describe(&args.CallbackUrls, "URLs where Cognito returns the authorization code, https only (http only for "+
		"localhost). Empty turns the OAuth flows of the web client off.")
	a.Describe(&args.LogoutUrls, "URLs where Cognito sends the browser after sign-out, with the rules of "+
		"callbackUrls.")
	a.Describe(&args.AccessTokenMinutes, "Lifetime of access tokens in minutes, from 5 to 1440.")
	a.SetDefault(&args.AccessTokenMinutes, infra.DefaultAccessTokenMinutes)
	a.Describe(&args.IdTokenMinutes, "Lifetime of ID tokens in minutes, from 5 to 1440.")
	a.SetDefault(&args.IdTokenMinutes, infra.DefaultIDTokenMinutes)
	a.Describe(&args.RefreshTokenHours, "Lifetime of refresh tokens in hours, from 1 to 87600 and no shorter "+
		"than the access and ID tokens.")
	a.SetDefault(&args.RefreshTokenHours, infra.DefaultRefreshTokenHours)
	a.Describe(&args.ResourceServerIdentifier, "Identifier of an OAuth resource server for machine clients, "+
		"such as https://api.example.com. Empty means no resource server.")
	a.SetDefault(&args.ResourceServerIdentifier, "")
	a.Describe(&args.ResourceServerScopes, "Scope names of the resource server, such as files.read.")
	a.Describe(&args.DomainPrefix, "Prefix of the hosted UI domain <prefix>.auth.<region>.amazoncognito.com. "+
		"Empty means no hosted UI domain.")
	a.SetDefault(&args.DomainPrefix, "")
	a.Describe(&args.Protect, "Protect the user pool from `pulumi destroy` and keep it in AWS when it leaves the "+
		"program. Cognito's deletion protection is on in any case.")
	a.SetDefault(&args.Protect, false)
}

// Annotate sets the Auth's token and the descriptions of its outputs.
func (c *Auth) Annotate(a infer.Annotator) {
	setToken(a, infra.AuthType)
	a.Describe(c, "A Cognito user pool with strong passwords, TOTP multi-factor authentication, admin and user "+
		"groups and a web client without a secret that uses the authorization code flow with PKCE.")
	a.Describe(&c.UserPoolId, "Id of the user pool.")
	a.Describe(&c.UserPoolArn, "ARN of the user pool.")
	a.Describe(&c.UserPoolEndpoint, "Endpoint of the user pool, cognito-idp.<region>.amazonaws.com/<id>.")
	a.Describe(&c.IssuerUrl, "Issuer URL of the user pool's tokens.")
	a.Describe(&c.ClientId, "Id of the web client.")
	a.Describe(&c.GroupNames, "Names of the groups in order of precedence, admin first and user last.")
	a.Describe(&c.Domain, "Hosted UI domain prefix, empty without domainPrefix.")
}

// NewAuth registers the Auth and builds infra's user pool into it.
func NewAuth(ctx *pulumi.Context, name string, args AuthArgs, opts ...pulumi.ResourceOption) (*Auth, error) {
	component := &Auth{}
	if err := ctx.RegisterComponentResource(infra.AuthType, name, component, opts...); err != nil {
		return nil, err
	}
	auth, err := infra.BuildAuth(ctx, name, infra.AuthArgs{
		NamePrefix:                    args.NamePrefix,
		PasswordMinimumLength:         args.PasswordMinimumLength,
		TemporaryPasswordValidityDays: args.TemporaryPasswordDays,
		MFA:                           args.Mfa,
		FeaturePlan:                   args.FeaturePlan,
		ThreatProtection:              args.ThreatProtection,
		AllowSelfSignUp:               args.SelfSignUp,
		ExtraGroups:                   args.Groups,
		CallbackURLs:                  args.CallbackUrls,
		LogoutURLs:                    args.LogoutUrls,
		AccessTokenMinutes:            args.AccessTokenMinutes,
		IDTokenMinutes:                args.IdTokenMinutes,
		RefreshTokenHours:             args.RefreshTokenHours,
		ResourceServer: infra.AuthResourceServer{
			Identifier: args.ResourceServerIdentifier,
			Scopes:     args.ResourceServerScopes,
		},
		DomainPrefix: args.DomainPrefix,
		Protect:      args.Protect,
	}, component)
	if err != nil {
		return nil, inputError(infra.AuthType, name, err, authFields)
	}

	component.UserPoolId = auth.UserPoolId
	component.UserPoolArn = auth.UserPoolArn
	component.UserPoolEndpoint = auth.UserPoolEndpoint
	component.IssuerUrl = auth.IssuerURL
	component.ClientId = auth.ClientId
	component.GroupNames = auth.GroupNames
	component.Domain = auth.DomainName
	return component, nil
}

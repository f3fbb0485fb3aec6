package rules

import (
	"context"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCognitoUserPoolClientHardened is the name of the policy that checks the security settings of
// Cognito app clients.
const PolicyCognitoUserPoolClientHardened = "cognito-user-pool-client-hardened"

// Configuration properties of cognito-user-pool-client-hardened and their defaults.
const (
	// ConfigMaxAccessTokenMinutes sets the longest accepted validity of access and ID tokens, in minutes.
	ConfigMaxAccessTokenMinutes = "maxAccessTokenMinutes"
	// ConfigMaxRefreshTokenHours sets the longest accepted validity of refresh tokens, in hours.
	ConfigMaxRefreshTokenHours = "maxRefreshTokenHours"

	// DefaultMaxAccessTokenMinutes is one hour, Cognito's own default for access and ID tokens.
	DefaultMaxAccessTokenMinutes = 60
	// DefaultMaxRefreshTokenHours is 30 days, Cognito's own default for refresh tokens.
	DefaultMaxRefreshTokenHours = 720
)

// tokenValidity describes one token validity setting of an app client: the property, the property of
// tokenValidityUnits that sets its unit, and the unit and value that Cognito uses when they are not set.
type tokenValidity struct {
	property, unitProperty string
	defaultUnit            string
	defaultMinutes         float64
}

// appClientTokens are the token validity settings of UserPoolClient, with the defaults that
// pulumi-aws v6.83.4 documents for the units (hours, hours, days) and Cognito for the values.
var appClientTokens = []tokenValidity{
	{"accessTokenValidity", "accessToken", "hours", 60},
	{"idTokenValidity", "idToken", "hours", 60},
	{"refreshTokenValidity", "refreshToken", "days", 30 * 24 * 60},
}

// minutesPerUnit converts the units of tokenValidityUnits to minutes.
var minutesPerUnit = map[string]float64{"seconds": 1.0 / 60, "minutes": 1, "hours": 60, "days": 24 * 60}

// newCognitoUserPoolClientHardened returns the policy that checks an app client for user existence
// errors, token revocation, the implicit grant and token lifetimes.
func newCognitoUserPoolClientHardened() *pack.Policy {
	return &pack.Policy{
		Name: PolicyCognitoUserPoolClientHardened,
		Description: "Cognito app clients should prevent user existence errors, allow token revocation, not " +
			"use the implicit grant, and bound token lifetimes.",
		Rationale: "Without preventUserExistenceErrors ENABLED, sign-in and password reset errors tell an attacker " +
			"which user names exist. Without token revocation, a signed-out or stolen refresh token keeps working " +
			"until it expires. The implicit grant returns tokens in the URL fragment, where browser history and " +
			"referrers can leak them. Long-lived tokens widen the window in which a stolen token works.",
		RemediationSteps: "Set preventUserExistenceErrors to \"ENABLED\" and enableTokenRevocation to true, use the " +
			"\"code\" flow with PKCE instead of \"implicit\" in allowedOauthFlows, and keep accessTokenValidity and " +
			"idTokenValidity at most maxAccessTokenMinutes (60) and refreshTokenValidity at most " +
			"maxRefreshTokenHours (720), in the units of tokenValidityUnits.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cognito", "authentication", tagHIPAA + "164.312(d)"},
		Framework:        hipaaControl("164.312(d)", "Person or entity authentication"),
		Waivable:         true,
		ResourceTypes:    []string{typeCognitoUserPoolClient},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigMaxAccessTokenMinutes: {
					"type": "integer", "minimum": 5, "maximum": 1440, "default": DefaultMaxAccessTokenMinutes,
					"description": "Longest accepted validity of access and ID tokens, in minutes.",
				},
				ConfigMaxRefreshTokenHours: {
					"type": "integer", "minimum": 1, "maximum": 87600, "default": DefaultMaxRefreshTokenHours,
					"description": "Longest accepted validity of refresh tokens, in hours.",
				},
			},
		},
		ValidateResource: validateCognitoUserPoolClientHardened,
	}
}

func validateCognitoUserPoolClientHardened(_ context.Context, check *pack.ResourceCheck) error {
	maxAccessMinutes, err := intConfig(check.Config, PolicyCognitoUserPoolClientHardened, ConfigMaxAccessTokenMinutes,
		DefaultMaxAccessTokenMinutes, 5, 1440)
	if err != nil {
		return err
	}
	maxRefreshHours, err := intConfig(check.Config, PolicyCognitoUserPoolClientHardened, ConfigMaxRefreshTokenHours,
		DefaultMaxRefreshTokenHours, 1, 87600)
	if err != nil {
		return err
	}
	props := check.Resource.Properties

	existence := props.Get("preventUserExistenceErrors")
	if check.Known("preventUserExistenceErrors", existence) {
		if value, _ := stringValue(existence); value != "ENABLED" {
			check.Report("preventUserExistenceErrors is %s, expected \"ENABLED\".", describeValue(existence))
		}
	}

	revocation := props.Get("enableTokenRevocation")
	if check.Known("enableTokenRevocation", revocation) {
		if enabled, ok := boolValue(revocation); ok && !enabled {
			check.Report("enableTokenRevocation is false, expected true.")
		}
	}

	flows := props.Get("allowedOauthFlows")
	if check.Known("allowedOauthFlows", flows) {
		elements, _ := arrayValue(flows)
		if slices.ContainsFunc(elements, func(flow property.Value) bool {
			name, _ := stringValue(flow)
			return name == "implicit"
		}) {
			check.Report("allowedOauthFlows contains \"implicit\", expected the \"code\" flow only.")
		}
	}

	limits := map[string]float64{
		"accessTokenValidity":  float64(maxAccessMinutes),
		"idTokenValidity":      float64(maxAccessMinutes),
		"refreshTokenValidity": float64(maxRefreshHours) * 60,
	}
	for _, token := range appClientTokens {
		checkTokenValidity(check, token, limits[token.property])
	}
	return nil
}

// checkTokenValidity reports a token validity longer than maxMinutes.
func checkTokenValidity(check *pack.ResourceCheck, token tokenValidity, maxMinutes float64) {
	props := check.Resource.Properties
	value := props.Get(token.property)
	unitPath := "tokenValidityUnits." + token.unitProperty
	unitValue := propertyAt(props, "tokenValidityUnits", token.unitProperty)
	valueKnown := check.Known(token.property, value)
	unitKnown := check.Known(unitPath, unitValue)
	if !valueKnown || !unitKnown {
		return
	}

	minutes := token.defaultMinutes
	if amount, ok := numberValue(value); ok && amount > 0 {
		unit, _ := stringValue(unitValue)
		if unit == "" {
			unit = token.defaultUnit
		}
		minutes = amount * minutesPerUnit[unit]
	}
	if minutes > maxMinutes {
		check.Report("%s is %s (unit %s), which is %s minutes, expected at most %s minutes.", token.property,
			describeValue(value), describeValue(unitValue), strconv.FormatFloat(minutes, 'f', -1, 64),
			strconv.FormatFloat(maxMinutes, 'f', -1, 64))
	}
}

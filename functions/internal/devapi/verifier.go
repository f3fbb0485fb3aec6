// Package devapi is the local API of `make dev` and the integration tests, an HTTP server on 127.0.0.1. It
// verifies bearer tokens the way the Cognito User Pools authorizer of a REST API does, builds the proxy event
// that API Gateway would send, and calls the same handlers as the Lambda functions.
//
// The issuer and the JWKS URL are configuration. The local API trusts only the keys at the configured JWKS
// URL, so pointing it at cognito-local, whose signing key ships in its npm package, is safe on a developer's
// machine and nowhere else. The deployed API uses API Gateway's authorizer, never this code.
package devapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// Token uses that a Cognito user pool writes into the token_use claim.
const (
	TokenUseID     = "id"
	TokenUseAccess = "access"
)

// jwksTimeout bounds a fetch of the JWKS.
const jwksTimeout = 5 * time.Second

var (
	// ErrNoToken means the request has no Authorization header.
	ErrNoToken = errors.New("no token in the Authorization header")
	// ErrTokenExpired means the token was valid but has expired.
	ErrTokenExpired = errors.New("token has expired")
	// ErrInvalidToken means the token failed verification for any other reason.
	ErrInvalidToken = errors.New("invalid token")
)

// VerifierConfig configures a Verifier.
type VerifierConfig struct {
	// Issuer is the exact iss claim of the user pool, such as
	// https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E. Required.
	Issuer string
	// JWKSURL is the URL of the user pool's signing keys. Required.
	JWKSURL string
	// TokenUse is the token_use claim accepted: TokenUseID (the default, as an authorizer without OAuth scopes
	// expects) or TokenUseAccess.
	TokenUse string
	// ClientIDs, when not empty, are the app clients whose tokens are accepted (aud of an ID token, client_id of
	// an access token). The Cognito authorizer accepts the tokens of every app client of the pool, which an
	// empty list matches.
	ClientIDs []string
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
	// Logger receives failures to refresh the JWKS. Nil discards them.
	Logger *slog.Logger
}

// Verifier checks bearer tokens against a user pool's JWKS.
type Verifier struct {
	cfg  VerifierConfig
	keys keyfunc.Keyfunc
}

// NewVerifier returns a Verifier that fetches the JWKS now and refreshes it in the background until ctx ends.
// It fails when the JWKS cannot be fetched.
func NewVerifier(ctx context.Context, cfg VerifierConfig) (*Verifier, error) {
	if cfg.Issuer == "" || cfg.JWKSURL == "" {
		return nil, errors.New("creating token verifier: the issuer and the JWKS URL are required")
	}
	if cfg.TokenUse == "" {
		cfg.TokenUse = TokenUseID
	}
	if cfg.TokenUse != TokenUseID && cfg.TokenUse != TokenUseAccess {
		return nil, fmt.Errorf("creating token verifier: token use %q is neither %q nor %q", cfg.TokenUse, TokenUseID, TokenUseAccess)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}

	failFirstFetch := false
	keys, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{cfg.JWKSURL}, keyfunc.Override{
		HTTPTimeout:               jwksTimeout,
		NoErrorReturnFirstHTTPReq: &failFirstFetch,
		RefreshErrorHandlerFunc: func(url string) func(context.Context, error) {
			return func(ctx context.Context, err error) {
				cfg.Logger.ErrorContext(ctx, "refreshing JWKS failed", "jwksUrl", url, "error", err.Error())
			}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("creating token verifier: fetching JWKS from %s: %w", cfg.JWKSURL, err)
	}
	return &Verifier{cfg: cfg, keys: keys}, nil
}

// Verify checks the token in an Authorization header value, with or without the "Bearer " prefix as the
// Cognito authorizer accepts both, and returns its claims. The signature must be RS256 by a key of the JWKS,
// iss must equal the issuer, exp must be present and in the future, and token_use and the client must match
// the configuration.
func (v *Verifier) Verify(ctx context.Context, authorization string) (jwt.MapClaims, error) {
	token := strings.TrimSpace(authorization)
	if len(token) > len("bearer ") && strings.EqualFold(token[:len("bearer ")], "bearer ") {
		token = strings.TrimSpace(token[len("bearer "):])
	}
	if token == "" {
		return nil, ErrNoToken
	}

	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, v.keys.KeyfuncCtx(ctx),
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithIssuer(v.cfg.Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(v.cfg.Now),
	)
	if errors.Is(err, jwt.ErrTokenExpired) {
		return nil, fmt.Errorf("%w: %w", ErrTokenExpired, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}

	if use, _ := claims["token_use"].(string); use != v.cfg.TokenUse {
		return nil, fmt.Errorf("%w: token_use is %q, expected %q", ErrInvalidToken, use, v.cfg.TokenUse)
	}
	if len(v.cfg.ClientIDs) > 0 && !slices.Contains(v.cfg.ClientIDs, clientOf(claims)) {
		return nil, fmt.Errorf("%w: the token belongs to another app client", ErrInvalidToken)
	}
	if sub, _ := claims["sub"].(string); sub == "" {
		return nil, fmt.Errorf("%w: the token has no sub claim", ErrInvalidToken)
	}
	return claims, nil
}

// clientOf returns the app client of a token: aud of an ID token, client_id of an access token.
func clientOf(claims jwt.MapClaims) string {
	if clientID, ok := claims["client_id"].(string); ok {
		return clientID
	}
	audience, _ := claims.GetAudience()
	if len(audience) == 1 {
		return audience[0]
	}
	return ""
}

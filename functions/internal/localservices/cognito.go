package localservices

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// UserPool is a user pool with one app client in cognito-local.
type UserPool struct {
	ID       string
	ClientID string
	// Issuer is the iss claim of the pool's tokens: cognito-local's address and the pool id.
	Issuer string
	// JWKSURL is the URL of the pool's signing keys.
	JWKSURL string

	client *cip.Client
}

// Tokens are the tokens of a sign-in.
type Tokens struct {
	IDToken      string
	AccessToken  string
	RefreshToken string
}

// newCognitoClient returns a client for the cognito-local at endpoint. cognito-local accepts any credentials.
func newCognitoClient(endpoint string) *cip.Client {
	return cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
}

// CreateUserPool creates a user pool named name in the cognito-local at endpoint, with an app client that
// signs in with USER_PASSWORD_AUTH.
func CreateUserPool(ctx context.Context, endpoint, name string) (*UserPool, error) {
	client := newCognitoClient(endpoint)

	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("creating user pool %s: %w", name, err)
	}
	poolID := aws.ToString(pool.UserPool.Id)

	appClient, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID),
		ClientName: aws.String(name + "-client"),
		ExplicitAuthFlows: []ciptypes.ExplicitAuthFlowsType{
			ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			ciptypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("creating app client of user pool %s: %w", poolID, err)
	}

	base := strings.TrimSuffix(endpoint, "/")
	userPool := &UserPool{
		ID:       poolID,
		ClientID: aws.ToString(appClient.UserPoolClient.ClientId),
		Issuer:   base + "/" + poolID,
		JWKSURL:  base + "/" + poolID + "/.well-known/jwks.json",
		client:   client,
	}
	return userPool, nil
}

// CreateClient adds an app client whose ID tokens expire after idTokenLifetime, in whole seconds, and returns
// its id. Tests use a lifetime of a second to get tokens that expire.
func (p *UserPool) CreateClient(ctx context.Context, name string, idTokenLifetime time.Duration) (string, error) {
	output, err := p.client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:         aws.String(p.ID),
		ClientName:         aws.String(name),
		ExplicitAuthFlows:  []ciptypes.ExplicitAuthFlowsType{ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
		IdTokenValidity:    aws.Int32(int32(idTokenLifetime / time.Second)),
		TokenValidityUnits: &ciptypes.TokenValidityUnitsType{IdToken: ciptypes.TimeUnitsTypeSeconds},
	})
	if err != nil {
		return "", fmt.Errorf("creating app client %s of user pool %s: %w", name, p.ID, err)
	}
	return aws.ToString(output.UserPoolClient.ClientId), nil
}

// CreateUser creates a confirmed user with a permanent password in groups, creating groups that do not exist,
// and returns the user's subject.
func (p *UserPool) CreateUser(ctx context.Context, username, password string, groups ...string) (string, error) {
	_, err := p.client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId:    aws.String(p.ID),
		Username:      aws.String(username),
		MessageAction: ciptypes.MessageActionTypeSuppress,
	})
	if err != nil {
		return "", fmt.Errorf("creating user %s: %w", username, err)
	}
	_, err = p.client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(p.ID),
		Username:   aws.String(username),
		Password:   aws.String(password),
		Permanent:  true,
	})
	if err != nil {
		return "", fmt.Errorf("setting the password of user %s: %w", username, err)
	}

	for _, group := range groups {
		_, err := p.client.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: aws.String(p.ID), GroupName: aws.String(group)})
		var exists *ciptypes.GroupExistsException
		if err != nil && !errors.As(err, &exists) {
			return "", fmt.Errorf("creating group %s: %w", group, err)
		}
		_, err = p.client.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{
			UserPoolId: aws.String(p.ID),
			Username:   aws.String(username),
			GroupName:  aws.String(group),
		})
		if err != nil {
			return "", fmt.Errorf("adding user %s to group %s: %w", username, group, err)
		}
	}

	user, err := p.client.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(p.ID), Username: aws.String(username)})
	if err != nil {
		return "", fmt.Errorf("reading user %s: %w", username, err)
	}
	for _, attribute := range user.UserAttributes {
		if aws.ToString(attribute.Name) == "sub" {
			return aws.ToString(attribute.Value), nil
		}
	}
	return "", fmt.Errorf("reading user %s: no sub attribute", username)
}

// SignIn signs username in through the pool's app client with USER_PASSWORD_AUTH and returns the tokens.
func (p *UserPool) SignIn(ctx context.Context, username, password string) (Tokens, error) {
	return p.SignInWith(ctx, p.ClientID, username, password)
}

// SignInWith signs username in through the app client clientID.
func (p *UserPool) SignInWith(ctx context.Context, clientID, username, password string) (Tokens, error) {
	output, err := p.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       ciptypes.AuthFlowTypeUserPasswordAuth,
		ClientId:       aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil {
		return Tokens{}, fmt.Errorf("signing in user %s: %w", username, err)
	}
	if output.AuthenticationResult == nil {
		return Tokens{}, fmt.Errorf("signing in user %s: no tokens, challenge %s", username, output.ChallengeName)
	}
	return Tokens{
		IDToken:      aws.ToString(output.AuthenticationResult.IdToken),
		AccessToken:  aws.ToString(output.AuthenticationResult.AccessToken),
		RefreshToken: aws.ToString(output.AuthenticationResult.RefreshToken),
	}, nil
}

// Command me is the Lambda function behind GET /me. It returns the identity of the authenticated caller as
// the Cognito User Pools authorizer of the REST API verified it.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
)

func main() {
	logger := logging.NewFromEnvironment()
	origins := config.FromEnvironment().List(httpapi.EnvCORSAllowedOrigins, nil)
	lambda.Start(httpapi.WithCORS(httpapi.ProxyHandler(newHandler(logger)), origins))
}

package fileapi

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
)

// HandlerBuilder reads a function's configuration from env and returns its handler.
type HandlerBuilder func(ctx context.Context, env *config.Env, deps Deps) (Handler, error)

// Main runs a file API function: it builds the handler from the environment and starts the Lambda
// runtime, or logs why the function cannot start and exits with status 1.
func Main(build HandlerBuilder) {
	logger := logging.NewFromEnvironment()

	env := config.FromEnvironment()
	origins := env.List(httpapi.EnvCORSAllowedOrigins, nil)
	handler, err := build(context.Background(), env, Deps{Logger: logger})
	if err != nil {
		logger.Error("function not started", logging.KeyError, err.Error())
		os.Exit(1)
	}
	lambda.Start(httpapi.WithCORS(httpapi.ProxyHandler(handler), origins))
}

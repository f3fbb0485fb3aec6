// Command hello is a minimal Lambda function that the lambdabuild tests compile.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/lambdabuild/hellomod/greeting"
)

func handle(ctx context.Context, name string) (string, error) {
	return greeting.For(name), nil
}

func main() {
	lambda.Start(handle)
}

// Command reference is the minimal Lambda function that the cold-start benchmark compares every function
// with: it starts the aws-lambda-go runtime and returns a constant.
package main

import "github.com/aws/aws-lambda-go/lambda"

func main() {
	lambda.Start(func() (string, error) { return "ok", nil })
}

// Command floor is a do-nothing policy analyzer that returns an empty result to every call of the
// analyzer protocol. bench/policyref measures it as the cost of the gRPC transport alone, the floor that
// any pack adds its rules to. It starts as the engine starts a policy pack binary: it serves on
// 127.0.0.1 and prints the port on the first line of stdout.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Analyzer identity that GetAnalyzerInfo returns.
const (
	analyzerName    = "policyref-floor"
	analyzerVersion = "0.1.0"
)

// floorAnalyzer returns an empty result to every call.
type floorAnalyzer struct {
	pulumirpc.UnimplementedAnalyzerServer
}

func (floorAnalyzer) Handshake(
	context.Context, *pulumirpc.AnalyzerHandshakeRequest,
) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

func (floorAnalyzer) ConfigureStack(
	context.Context, *pulumirpc.AnalyzerStackConfigureRequest,
) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

func (floorAnalyzer) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	return &pulumirpc.AnalyzerInfo{Name: analyzerName, Version: analyzerVersion, SupportsConfig: true}, nil
}

func (floorAnalyzer) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: analyzerVersion}, nil
}

func (floorAnalyzer) Configure(context.Context, *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (floorAnalyzer) Analyze(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	return &pulumirpc.AnalyzeResponse{}, nil
}

func (floorAnalyzer) AnalyzeStack(context.Context, *pulumirpc.AnalyzeStackRequest) (*pulumirpc.AnalyzeResponse, error) {
	return &pulumirpc.AnalyzeResponse{}, nil
}

func (floorAnalyzer) Remediate(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
	return &pulumirpc.RemediateResponse{}, nil
}

func (floorAnalyzer) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func main() {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(server *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(server, floorAnalyzer{})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting the analyzer server: %v\n", err)
		os.Exit(1)
	}

	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "serving the analyzer: %v\n", err)
		os.Exit(1)
	}
}

package components

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/infra"
)

func TestNetworkConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.NetworkType, "net", map[string]property.Value{
		"namePrefix":            property.New("yaml-app-dev"),
		"availabilityZoneCount": property.New(3.0),
		"cidrBlock":             property.New("10.20.0.0/16"),
	})
	require.NoError(t, err)

	assert.Len(t, mocks.ByType(infra.NetworkType), 1, "the Network is registered once")
	vpc := find(t, mocks, "awsx:ec2:Vpc", "net")
	assert.Contains(t, vpc.Parent, infra.NetworkType+"::net")
	assert.Equal(t, "10.20.0.0/16", vpc.Inputs["cidrBlock"].StringValue())
	assert.Equal(t, 3.0, vpc.Inputs["numberOfAvailabilityZones"].NumberValue())

	assert.Equal(t, vpc.Outputs["vpcId"].StringValue(), state.Get("vpcId").AsString())
	assert.Len(t, state.Get("privateSubnetIds").AsArray().AsSlice(), 3, "one function subnet per zone")
	assert.Equal(t, "/vpc-flow-logs/yaml-app-dev", state.Get("flowLogGroupName").AsString())
}

func TestNetworkConstructInvalidInput(t *testing.T) {
	_, _, err := construct(t, infra.NetworkType, "net", map[string]property.Value{
		"namePrefix":            property.New("yaml-app-dev"),
		"availabilityZoneCount": property.New(7.0),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid inputs of component secureserverless:network:Network "net"`)
	assert.Contains(t, err.Error(), "availabilityZoneCount is 7; use 2 to 4", "the message names the input, "+
		"not infra's Go field")
}

// writeArchive writes a deployment zip with an executable bootstrap and returns its path.
func writeArchive(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "handler.zip")
	file, err := os.Create(path)
	require.NoError(t, err)
	archive := zip.NewWriter(file)
	header := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	header.SetMode(0o755)
	entry, err := archive.CreateHeader(header)
	require.NoError(t, err)
	_, err = entry.Write([]byte("prebuilt handler"))
	require.NoError(t, err)
	require.NoError(t, archive.Close())
	require.NoError(t, file.Close())
	return path
}

func TestGoFunctionConstructInNetwork(t *testing.T) {
	_, network, err := construct(t, infra.NetworkType, "net", map[string]property.Value{
		"namePrefix": property.New("yaml-app-dev"),
	})
	require.NoError(t, err)

	archive := writeArchive(t)
	mocks, state, err := construct(t, infra.GoFunctionType, "report", map[string]property.Value{
		"functionName":     property.New("yaml-app-dev-report"),
		"archive":          property.New(archive),
		"memoryMb":         property.New(512.0),
		"subnetIds":        network.Get("privateSubnetIds"),
		"securityGroupIds": property.New([]property.Value{network.Get("functionSecurityGroupId")}),
		"statements": property.New([]property.Value{property.New(map[string]property.Value{
			"sid":       property.New("ReadReports"),
			"actions":   property.New([]property.Value{property.New("s3:GetObject")}),
			"resources": property.New([]property.Value{property.New("arn:aws:s3:::reports/*")}),
		})}),
	})
	require.NoError(t, err)

	function := find(t, mocks, "aws:lambda/function:Function", "report")
	assert.Contains(t, function.Parent, infra.GoFunctionType+"::report")
	assert.Equal(t, archive, function.Inputs["code"].ArchiveValue().Path, "the function deploys the given archive")
	assert.Equal(t, 512.0, function.Inputs["memorySize"].NumberValue())
	vpcConfig := function.Inputs["vpcConfig"].ObjectValue()
	assert.Equal(t, network.Get("privateSubnetIds").AsArray().Len(), len(vpcConfig["subnetIds"].ArrayValue()),
		"the function runs in the network's subnets")
	policy := find(t, mocks, "aws:iam/rolePolicy:RolePolicy", "report-policy")
	assert.Contains(t, policy.Inputs["policy"].StringValue(), `"Sid":"ReadReports"`)
	assert.Equal(t, "yaml-app-dev-report", state.Get("functionName").AsString())
}

func TestGoFunctionConstructInvalidInput(t *testing.T) {
	tests := []struct {
		name     string
		inputs   map[string]property.Value
		contains []string
	}{
		{"archive and package", map[string]property.Value{
			"functionName": property.New("app-report"),
			"archive":      property.New("/tmp/report.zip"),
			"sourceDir":    property.New("/src"),
			"package":      property.New("./functions/report"),
		}, []string{`archive "/tmp/report.zip" is set together with sourceDir "/src" and package`,
			"set either archive or sourceDir and package"}},
		{"subnets without groups", map[string]property.Value{
			"functionName": property.New("app-report"),
			"archive":      property.New("/tmp/report.zip"),
			"subnetIds":    property.New([]property.Value{property.New("subnet-1")}),
		}, []string{"subnetIds and securityGroupIds are set one without the other"}},
		{"condition", map[string]property.Value{
			"functionName": property.New("app-report"),
			"archive":      property.New("/tmp/report.zip"),
			"statements": property.New([]property.Value{property.New(map[string]property.Value{
				"sid":       property.New("Read"),
				"actions":   property.New([]property.Value{property.New("s3:GetObject")}),
				"resources": property.New([]property.Value{property.New("arn:aws:s3:::reports/*")}),
				"condition": property.New("{not json"),
			})}),
		}, []string{"invalid input statements[0].condition={not json", "set a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := construct(t, infra.GoFunctionType, "report", tt.inputs)
			require.Error(t, err)
			for _, text := range tt.contains {
				assert.Contains(t, err.Error(), text)
			}
		})
	}
}

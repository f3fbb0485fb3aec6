package fakeaws

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeCertificate = "aws:acm/certificate:Certificate"
	typeRecord      = "aws:route53/record:Record"
)

func TestACMCertificateOutputs(t *testing.T) {
	inputs := resource.NewPropertyMapFromMap(map[string]any{
		"domainName": "api.example.com", "subjectAlternativeNames": []any{"files.example.com"},
		"validationMethod": "DNS",
	})

	id, outputs, err := Model{Region: "us-east-1"}.Create(typeCertificate, "edge-certificate", inputs, false)

	require.NoError(t, err)
	assert.Regexp(t, `^arn:aws:acm:us-east-1:123456789012:certificate/`+uuidPattern+`$`, id)
	assert.Equal(t, id, outputs["arn"].StringValue())
	assert.Equal(t, "PENDING_VALIDATION", outputs["status"].StringValue())
	options := outputs["domainValidationOptions"].ArrayValue()
	require.Len(t, options, 2)
	first := options[0].ObjectValue()
	assert.Equal(t, "api.example.com", first["domainName"].StringValue())
	assert.Regexp(t, `^_[0-9a-f]{32}\.api\.example\.com\.$`, first["resourceRecordName"].StringValue())
	assert.Equal(t, "CNAME", first["resourceRecordType"].StringValue())
	assert.Regexp(t, `\.acm-validations\.aws\.$`, first["resourceRecordValue"].StringValue())
	assert.Equal(t, "files.example.com", options[1].ObjectValue()["domainName"].StringValue())
}

func TestACMCertificateReplacedOnDomainChange(t *testing.T) {
	assert.Contains(t, ReplaceOnChange(typeCertificate), "domainName")
	assert.Contains(t, ReplaceOnChange(typeCertificate), "subjectAlternativeNames")
}

func TestRoute53RecordID(t *testing.T) {
	inputs := resource.NewPropertyMapFromMap(map[string]any{
		"zoneId": "Z0123456789ABC", "name": "_abc.API.example.com.", "type": "CNAME",
	})

	id, outputs, err := Model{}.Create(typeRecord, "validation", inputs, false)

	require.NoError(t, err)
	assert.Equal(t, "Z0123456789ABC__abc.api.example.com_CNAME", id)
	assert.Equal(t, "_abc.api.example.com", outputs["fqdn"].StringValue())
	assert.Equal(t, []string{"name", "type", "zoneId"}, Model{}.MissingInputs(typeRecord, resource.PropertyMap{}))
}

package infra

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
	"github.com/secureserverless/framework/policy/rules"
)

// backupOutputs are the resolved outputs of a Backup component.
type backupOutputs struct {
	vaultName, vaultArn, planID, roleArn, keyArn string
}

// newTestBackup creates a backup component named "backup" under mocks and returns its resolved outputs.
func newTestBackup(t *testing.T, args BackupArgs) (*fakeaws.Mocks, backupOutputs) {
	t.Helper()
	var outputs backupOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		created, err := NewBackup(ctx, "backup", args)
		if err != nil {
			return err
		}
		pulumi.All(created.VaultName, created.VaultArn, created.PlanId, created.RoleArn, created.KeyArn).ApplyT(
			func(values []any) error {
				outputs = backupOutputs{
					vaultName: values[0].(string), vaultArn: values[1].(string), planID: values[2].(string),
					roleArn: values[3].(string), keyArn: values[4].(string),
				}
				return nil
			})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// backupError returns the error of NewBackup with the given arguments under mocks.
func backupError(t *testing.T, args BackupArgs) error {
	t.Helper()
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewBackup(ctx, "backup", args)
		return err
	})
	return err
}

func TestBackupDefaults(t *testing.T) {
	mocks, outputs := newTestBackup(t, BackupArgs{NamePrefix: "app-test", BucketArn: pulumi.String(auditUserFilesArn)})

	find(t, mocks, BackupType, "backup")
	key := find(t, mocks, typeKey, "backup-key")
	assertParent(t, key, BackupType, "backup")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	assert.Equal(t, float64(DefaultKMSKeyDeletionWindowDays), key.Inputs["deletionWindowInDays"].NumberValue())

	vault := find(t, mocks, typeBackupVault, "backup-vault")
	assertParent(t, vault, BackupType, "backup")
	assert.Equal(t, "app-test-vault", vault.Inputs["name"].StringValue())
	assert.Equal(t, key.Outputs["arn"].StringValue(), vault.Inputs["kmsKeyArn"].StringValue())
	assert.False(t, vault.Inputs["forceDestroy"].BoolValue())
	assert.False(t, vault.Protect)

	plan := find(t, mocks, typeBackupPlan, "backup-plan")
	assert.Equal(t, "app-test-daily", plan.Inputs["name"].StringValue())
	planRules := plan.Inputs["rules"].ArrayValue()
	require.Len(t, planRules, 1)
	rule := planRules[0].ObjectValue()
	assert.Equal(t, "app-test-vault", rule["targetVaultName"].StringValue())
	assert.Equal(t, DefaultBackupSchedule, rule["schedule"].StringValue())
	assert.Equal(t, float64(backupStartWindowMinutes), rule["startWindow"].NumberValue())
	assert.Equal(t, float64(backupCompletionWindowMinutes), rule["completionWindow"].NumberValue())
	assert.Equal(t, float64(DefaultBackupRetentionDays), object(t, rule, "lifecycle")["deleteAfter"].NumberValue())

	role := find(t, mocks, typeRole, "backup-role")
	trust := policyDocument(t, role.Inputs, "assumeRolePolicy")["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"Service": "backup.amazonaws.com"}, trust["Principal"])

	selection := find(t, mocks, typeBackupSelection, "backup-selection")
	assert.Equal(t, []string{auditUserFilesArn}, authStrings(t, selection.Inputs, "resources"))
	assert.Equal(t, role.Outputs["arn"].StringValue(), selection.Inputs["iamRoleArn"].StringValue())
	assert.Equal(t, plan.ID, selection.Inputs["planId"].StringValue())
	for _, policy := range BackupS3ManagedPolicies {
		attachment := find(t, mocks, typeManagedPolicyAttachment, "backup-"+policy)
		assert.Equal(t, "arn:aws:iam::aws:policy/"+policy, attachment.Inputs["policyArn"].StringValue())
		assert.Equal(t, role.ID, attachment.Inputs["role"].StringValue())
		assert.True(t, selection.DependsOn(typeManagedPolicyAttachment, "backup-"+policy),
			"the selection waits for %s", policy)
	}
	assert.True(t, selection.DependsOn(typeRolePolicy, "backup-vault-key"))

	assert.Equal(t, "app-test-vault", outputs.vaultName)
	assert.Equal(t, "arn:aws:backup:us-east-1:123456789012:backup-vault:app-test-vault", outputs.vaultArn)
	assert.Equal(t, plan.ID, outputs.planID)
	assert.Equal(t, role.Outputs["arn"].StringValue(), outputs.roleArn)
	assert.Equal(t, key.Outputs["arn"].StringValue(), outputs.keyArn)
}

func TestBackupVaultKeyPolicy(t *testing.T) {
	mocks, _ := newTestBackup(t, BackupArgs{NamePrefix: "app-test", BucketArn: pulumi.String(auditUserFilesArn)})
	keyArn := find(t, mocks, typeKey, "backup-key").Outputs["arn"].StringValue()

	doc := policyDocument(t, find(t, mocks, typeRolePolicy, "backup-vault-key").Inputs, "policy")
	use := statement(t, doc, "UseVaultKeyThroughBackup")
	assert.Equal(t, keyArn, use["Resource"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "backup.us-east-1.amazonaws.com"}},
		use["Condition"])
	grant := statement(t, doc, "GrantVaultKeyToBackup")
	assert.Equal(t, "kms:CreateGrant", grant["Action"])
	assert.Equal(t, map[string]any{"kms:GrantIsForAWSResource": "true"}, grant["Condition"].(map[string]any)["Bool"])
}

func TestBackupSettings(t *testing.T) {
	mocks, _ := newTestBackup(t, BackupArgs{
		NamePrefix:               "app-prod",
		BucketArn:                pulumi.String(auditUserFilesArn),
		RetentionDays:            365,
		Schedule:                 "cron(30 2 ? * SUN *)",
		KMSKeyDeletionWindowDays: 14,
		Protect:                  true,
	})

	rule := find(t, mocks, typeBackupPlan, "backup-plan").Inputs["rules"].ArrayValue()[0].ObjectValue()
	assert.Equal(t, "cron(30 2 ? * SUN *)", rule["schedule"].StringValue())
	assert.Equal(t, float64(365), object(t, rule, "lifecycle")["deleteAfter"].NumberValue())
	key := find(t, mocks, typeKey, "backup-key")
	assert.Equal(t, float64(14), key.Inputs["deletionWindowInDays"].NumberValue())
	vault := find(t, mocks, typeBackupVault, "backup-vault")
	assert.Equal(t, "app-prod-vault", vault.Inputs["name"].StringValue())
	for _, protected := range []fakeaws.MockResource{vault, key} {
		assert.True(t, protected.Protect, protected.Name)
		assert.True(t, protected.RetainOnDelete, protected.Name)
	}

	mocks, _ = newTestBackup(t, BackupArgs{NamePrefix: "app-dev", BucketArn: pulumi.String(auditUserFilesArn), ForceDestroy: true})
	assert.True(t, find(t, mocks, typeBackupVault, "backup-vault").Inputs["forceDestroy"].BoolValue())
}

func TestBackupRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*BackupArgs)
		message string
	}{
		{"missing bucket", func(a *BackupArgs) { a.BucketArn = nil }, "BucketArn is missing"},
		{"negative retention", func(a *BackupArgs) { a.RetentionDays = -1 }, "RetentionDays is -1, must be 1 to 36500"},
		{"schedule that is no expression", func(a *BackupArgs) { a.Schedule = "daily" }, `Schedule "daily" is invalid`},
		{"name prefix too long", func(a *BackupArgs) { a.NamePrefix = "a-very-long-name-prefix-that-does-not-fit-the-vault" },
			"NamePrefix \"a-very-long-name-prefix-that-does-not-fit-the-vault\" is invalid; use 1 to 44"},
		{"key deletion window", func(a *BackupArgs) { a.KMSKeyDeletionWindowDays = 6 }, "KMSKeyDeletionWindowDays is 6"},
		{"force destroy and protect", func(a *BackupArgs) { a.ForceDestroy = true; a.Protect = true },
			"ForceDestroy and Protect are both set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := BackupArgs{NamePrefix: "app-test", BucketArn: pulumi.String(auditUserFilesArn)}
			tt.change(&args)

			err := backupError(t, args)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), `backup "backup"`)
		})
	}
}

func TestBackupPassesPackPolicies(t *testing.T) {
	mocks, _ := newTestBackup(t, BackupArgs{NamePrefix: "app-test", BucketArn: pulumi.String(auditUserFilesArn)})

	run := runPolicyPack(t, mocks, nil)

	assert.Empty(t, run.findings)
	assert.Equal(t, 1, run.ran[rules.PolicyIAMRoleTrustRestricted])
	assert.Equal(t, 3, run.ran[rules.PolicyIAMNoAdminManagedPolicy], "the role and both attachments")
}

package program

import "github.com/secureserverless/framework/infra"

// PlatformArgs returns the arguments of the platform that the settings describe. namePrefix starts
// every physical name. sourceDir is the Go module of the functions, empty when archives has a zip for
// every function. archives maps a function's short name, such as "me", to a prebuilt zip, and
// buildCacheDir overrides where built archives are cached.
func (c Config) PlatformArgs(namePrefix, sourceDir string, archives map[string]string, buildCacheDir string,
) infra.PlatformArgs {
	return infra.PlatformArgs{
		NamePrefix:       namePrefix,
		SourceDir:        sourceDir,
		FunctionArchives: archives,
		Network:          c.networkArgs(),
		UserFiles:        c.userFilesArgs(),
		Auth:             c.authArgs(),
		Functions: infra.GoFunctionArgs{
			Architecture:     c.LambdaArchitecture,
			MemoryMB:         c.LambdaMemoryMB,
			TimeoutSeconds:   c.LambdaTimeoutSeconds,
			LogRetentionDays: c.LogRetentionDays,
			BuildCacheDir:    buildCacheDir,
		},
		API:            c.apiArgs(),
		APIKeyRequired: c.APIRequireAPIKey,
		Firewall:       c.firewallArgs(),
		Edge:           c.edgeArgs(),
		AuditEnabled:   c.AuditTrailEnabled,
		Audit:          c.auditArgs(),
		Monitoring:     c.monitoringArgs(),
		BackupEnabled:  c.BackupEnabled,
		Backup:         c.backupArgs(),
	}
}

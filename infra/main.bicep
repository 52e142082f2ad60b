// Fokusgrupper in Azure: App Service (Node 22 LTS) running the zip that `npm run build:deploy` makes, Azure Cosmos
// DB for NoSQL (serverless, Entra ID only: no keys anywhere), Blob Storage for output videos (Entra ID only as
// well), Key Vault for the app's secrets, Application Insights on a Log Analytics workspace with two alerts, an
// Azure Bot with the Teams channel, and one user-assigned managed identity that the bot authenticates as and that
// reads Key Vault and reads and writes Cosmos and the video container.
// Deploy with the Agents Toolkit (m365agents.yml) or: az deployment group create -g <group> -f infra/main.bicep
// -p infra/main.parameters.json (filled in) — see infra/README.md.

@description('Base name for every resource; must be globally unique for the web app and Cosmos account.')
@minLength(3)
@maxLength(24)
param name string

param location string = resourceGroup().location

@description('Cosmos DB database name (COSMOS_DATABASE).')
param databaseName string = 'fokusgrupper'

@description('Comma-separated Entra object ids allowed to create programmes (PROGRAMME_CREATOR_IDS); empty = anyone.')
param programmeCreatorIds string = ''

@description('Coordinators of the example programme seeded into an empty database (SEED_COORDINATOR_IDS); empty = no seed.')
param seedCoordinatorIds string = ''

@description('VOTE_ANONYMITY_KEY (at least 32 random characters), stored in Key Vault on the first deployment; leave empty afterwards to keep the stored one: it must never change once polls exist.')
@secure()
param voteAnonymityKey string = ''

@description('E-mail address that receives the alerts (5xx rate, failed deliveries); empty = alerts only in the portal.')
param alertEmail string = ''

@description('The board (Teams tab): the Entra app registration its single sign-on token is issued for (BOARD_CLIENT_ID). Register it once (see infra/README.md); empty = nobody signs in to the board.')
param boardClientId string = ''

@description('ALLOWED_TENANT_IDS: Microsoft 365 tenants whose people may use the bot and sign in to the board, comma-separated or *; by default the tenant deployed to.')
param allowedTenantIds string = tenant().tenantId

@description('RETENTION_DAYS: days after the presentation day of a programme that its personal data is kept.')
@minValue(1)
@maxValue(3650)
param retentionDays int = 365

@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Blob container for output videos (STORAGE_CONTAINER).')
param videoContainerName string = 'outputs'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${name}-cosmos'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0 }]
    capabilities: [{ name: 'EnableServerless' }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: { resource: { id: databaseName } }
}

// Keep in step with src/platform/cosmos/containers.ts (a test checks it). `defaultTtl: -1` turns Cosmos DB's
// per-document TTL on where short-lived links live: a link carries its own `ttl`, everything else never expires.
var containers = [
  { name: 'programmes', partitionKey: '/programmeId' }
  { name: 'conversations', partitionKey: '/id' }
  { name: 'polls', partitionKey: '/pollId' }
  { name: 'meetings', partitionKey: '/programmeId' }
  { name: 'outputs', partitionKey: '/programmeId', defaultTtl: -1 }
  { name: 'jobs', partitionKey: '/id' }
  { name: 'kits', partitionKey: '/programmeId' }
  { name: 'audit', partitionKey: '/programmeId' }
  { name: 'downloads', partitionKey: '/id', defaultTtl: -1 }
  { name: 'outbox', partitionKey: '/shard', defaultTtl: -1 }
  { name: 'activities', partitionKey: '/shard', defaultTtl: -1 }
]

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: union(
      {
        id: container.name
        partitionKey: { paths: [container.partitionKey], kind: 'Hash' }
      },
      container.?defaultTtl == null ? {} : { defaultTtl: container.?defaultTtl }
    )
  }
}]

// Cosmos DB Built-in Data Contributor: data-plane read and write, nothing else.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, 'data-contributor')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

// Blob Storage for the groups' videos: no shared keys (the app signs in as the managed identity and hands out
// user-delegation read links), no public access, TLS 1.2. Account names are 3-24 lower-case letters and digits.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '${take(toLower(replace(name, '-', '')), 22)}st'
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource videoContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: videoContainerName
  properties: { publicAccess: 'None' }
}

// Storage Blob Data Contributor on the account: read, write and delete blobs, and sign user-delegation links.
resource blobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, 'blob-data-contributor')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault holds the app's secrets; App Service reads them through Key Vault references as the managed identity,
// so no secret is ever an app setting's plain value or a template output. Access is by Azure RBAC only.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${take(name, 21)}-kv'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// Written only when a key is given (the first deployment): a later deployment without it keeps the stored key.
resource voteAnonymityKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(voteAnonymityKey)) {
  parent: vault
  name: 'vote-anonymity-key'
  properties: { value: voteAnonymityKey }
}

resource telemetrySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'applicationinsights-connection-string'
  properties: { value: insights.properties.ConnectionString }
}

// Key Vault Secrets User: read secret values, nothing else.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, 'secrets-user')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Telemetry: the bot sends traces and metrics through OpenTelemetry (src/platform/telemetry/); App Service sends
// its platform metrics (HTTP 5xx) on its own.
resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'Node.JS'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: '${name}-alerts'
  location: 'global'
  properties: {
    groupShortName: 'fokusgrp'
    enabled: true
    emailReceivers: [{ name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

var alertActions = empty(alertEmail) ? [] : [{ actionGroupId: alertGroup.id }]

// Alert 1: the bot answers Teams or browsers with server errors (App Service's own metric, no telemetry needed).
resource serverErrorsAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${name}-http-5xx'
  location: 'global'
  properties: {
    description: 'More than 5 HTTP 5xx answers in 5 minutes: Teams sees failed turns and redelivers them.'
    severity: 2
    enabled: true
    scopes: [web.id]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'http5xx'
          criterionType: 'StaticThresholdCriterion'
          metricName: 'Http5xx'
          metricNamespace: 'Microsoft.Web/sites'
          operator: 'GreaterThan'
          threshold: 5
          timeAggregation: 'Total'
        }
      ]
    }
    actions: alertActions
  }
}

// Alert 2: proactive messages (poll results, agendas, reminders) given up after every retry; the counter is
// fokusgrupper.deliveries.failed (src/platform/telemetry/telemetry.ts).
resource failedDeliveriesAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${name}-failed-deliveries'
  location: location
  properties: {
    description: 'Messages the bot could not deliver to Teams after every retry.'
    severity: 2
    enabled: true
    scopes: [insights.id]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "fokusgrupper.deliveries.failed" | summarize failed = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: empty(alertEmail) ? [] : [alertGroup.id] }
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: 'B1' }
  properties: { reserved: true }
}

// A Key Vault reference: App Service resolves it with the identity named in keyVaultReferenceIdentity.
var fromVault = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName='

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-app'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  dependsOn: [secretsUser, voteAnonymityKeySecret, telemetrySecret]
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // The deployment zip runs as it is (read-only, no build on the server); its package.json has the same start.
      appCommandLine: 'node --optimize-for-size dist/src/main.js'
      // App Service stops sending requests to an instance whose /health fails, and replaces it.
      healthCheckPath: '/health'
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'MICROSOFT_APP_ID', value: identity.properties.clientId }
        { name: 'MICROSOFT_APP_TYPE', value: 'UserAssignedMSI' }
        { name: 'MICROSOFT_APP_TENANT_ID', value: tenant().tenantId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_DATABASE', value: databaseName }
        { name: 'PROGRAMME_CREATOR_IDS', value: programmeCreatorIds }
        { name: 'SEED_COORDINATOR_IDS', value: seedCoordinatorIds }
        { name: 'VOTE_ANONYMITY_KEY', value: '${fromVault}vote-anonymity-key)' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: '${fromVault}applicationinsights-connection-string)' }
        { name: 'PUBLIC_BASE_URL', value: 'https://${name}-app.azurewebsites.net' }
        { name: 'STORAGE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.blob }
        { name: 'STORAGE_CONTAINER', value: videoContainer.name }
        { name: 'BOARD_CLIENT_ID', value: boardClientId }
        { name: 'RETENTION_DAYS', value: string(retentionDays) }
        { name: 'LOG_LEVEL', value: 'info' }
        // DefaultAzureCredential picks the user-assigned identity by this client id.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'Fokusgrupper'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenant().tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } }
}

// Written to env/.env.<environment> by the Agents Toolkit (arm/deploy). Addresses and ids only: no secret.
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = web.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${web.properties.defaultHostName}'
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output BOT_TENANT_ID string = tenant().tenantId
output BOARD_URL string = 'https://${web.properties.defaultHostName}/board/'

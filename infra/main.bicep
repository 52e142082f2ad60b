// Fokusgrupper in Azure: App Service (Node 22 LTS) running `npm run start:prod`, Azure Cosmos DB for NoSQL
// (serverless, Entra ID only: no keys anywhere), Blob Storage for output videos (Entra ID only as well), an Azure
// Bot with the Teams channel, and one user-assigned managed identity that the bot authenticates as and that reads
// and writes Cosmos and the video container.
// Deploy: az deployment group create -g <resource-group> -f infra/main.bicep -p name=<unique-name>

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

@description('VOTE_ANONYMITY_KEY: at least 32 random characters; keep it (e.g. in Key Vault) and never change it.')
@secure()
@minLength(32)
param voteAnonymityKey string

@description('The board (Teams tab): the Entra app registration its single sign-on token is issued for (BOARD_CLIENT_ID). Register it once (see infra/README.md); empty = nobody signs in to the board.')
param boardClientId string = ''

@description('Entra tenants whose people may sign in to the board (ALLOWED_TENANT_IDS), comma-separated or *; default: this tenant.')
param allowedTenantIds string = tenant().tenantId

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

// Keep in step with src/platform/cosmos/containers.ts (a test checks it).
var containers = [
  { name: 'programmes', partitionKey: '/programmeId' }
  { name: 'conversations', partitionKey: '/id' }
  { name: 'polls', partitionKey: '/pollId' }
  { name: 'meetings', partitionKey: '/programmeId' }
  { name: 'outputs', partitionKey: '/programmeId' }
  { name: 'jobs', partitionKey: '/id' }
  { name: 'kits', partitionKey: '/programmeId' }
]

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: {
      id: container.name
      partitionKey: { paths: [container.partitionKey], kind: 'Hash' }
    }
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

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: 'B1' }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-app'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm run start:prod'
      healthCheckPath: '/health'
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'MICROSOFT_APP_ID', value: identity.properties.clientId }
        { name: 'MICROSOFT_APP_TYPE', value: 'UserAssignedMSI' }
        { name: 'MICROSOFT_APP_TENANT_ID', value: tenant().tenantId }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_DATABASE', value: databaseName }
        { name: 'PROGRAMME_CREATOR_IDS', value: programmeCreatorIds }
        { name: 'SEED_COORDINATOR_IDS', value: seedCoordinatorIds }
        { name: 'VOTE_ANONYMITY_KEY', value: voteAnonymityKey }
        { name: 'PUBLIC_BASE_URL', value: 'https://${name}-app.azurewebsites.net' }
        { name: 'STORAGE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.blob }
        { name: 'STORAGE_CONTAINER', value: videoContainer.name }
        { name: 'BOARD_CLIENT_ID', value: boardClientId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        { name: 'LOG_LEVEL', value: 'info' }
        // DefaultAzureCredential picks the user-assigned identity by this client id.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
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

output botAppId string = identity.properties.clientId
output endpoint string = 'https://${web.properties.defaultHostName}/api/messages'
output cosmosEndpoint string = cosmos.properties.documentEndpoint
output storageAccountUrl string = storage.properties.primaryEndpoints.blob
output publicBaseUrl string = 'https://${web.properties.defaultHostName}'
output boardUrl string = 'https://${web.properties.defaultHostName}/board/'

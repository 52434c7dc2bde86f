// `import NianbaoKit` gives a front end (the CLI, the server, the corpus, the tests) the whole
// library: the layers below the Converter are re-exported here.
@_exported import NianbaoCompare
@_exported import NianbaoDocument
@_exported import NianbaoEmit
@_exported import NianbaoExtract
@_exported import NianbaoParse
@_exported import NianbaoSupport
@_exported import NianbaoTemplate

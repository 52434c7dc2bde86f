/// The OpenAPI 3.1 document of the API, served at `/api/openapi.json` and committed as
/// schema/openapi.json (a test keeps the two equal; scripts/test validates it).
enum OpenAPIDocument {
    static let text = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "nianbao serve",
            "version": "1.0.0",
            "description": "Converts and checks 政府信息公开工作年度报告 (government information disclosure annual reports), as the nianbao command line does. Every error is one line of plain text."
          },
          "servers": [
            {
              "url": "http://127.0.0.1:8080"
            }
          ],
          "paths": {
            "/api/convert": {
              "post": {
                "operationId": "convert",
                "summary": "What `nianbao convert --to FORMAT` writes for the report.",
                "parameters": [
                  {
                    "name": "to",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "json",
                        "csv",
                        "html"
                      ],
                      "default": "json"
                    },
                    "description": "The output format."
                  },
                  {
                    "$ref": "#/components/parameters/Filename"
                  },
                  {
                    "$ref": "#/components/parameters/Url"
                  },
                  {
                    "name": "compact",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "",
                        "1",
                        "true",
                        "0",
                        "false"
                      ]
                    },
                    "description": "JSON on one line (to=json)."
                  },
                  {
                    "name": "csv",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "long",
                        "wide"
                      ],
                      "default": "long"
                    },
                    "description": "The CSV layout (to=csv)."
                  },
                  {
                    "name": "bom",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "",
                        "1",
                        "true",
                        "0",
                        "false"
                      ]
                    },
                    "description": "A UTF-8 byte order mark first, for Excel (to=csv)."
                  },
                  {
                    "name": "csv-raw",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "",
                        "1",
                        "true",
                        "0",
                        "false"
                      ]
                    },
                    "description": "Each value's printed text too (to=csv)."
                  },
                  {
                    "name": "fragment",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "",
                        "1",
                        "true",
                        "0",
                        "false"
                      ]
                    },
                    "description": "The report's <article> alone, without the page around it (to=html)."
                  },
                  {
                    "name": "annotate",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "",
                        "1",
                        "true",
                        "0",
                        "false"
                      ]
                    },
                    "description": "Cells of failed 勾稽 rules and null cells marked, each with its reason in title, and every value cell's key in data-key (to=html)."
                  }
                ],
                "requestBody": {
                  "$ref": "#/components/requestBodies/Report"
                },
                "responses": {
                  "200": {
                    "description": "The report in the format asked for.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Report"
                        }
                      },
                      "text/csv": {
                        "schema": {
                          "type": "string"
                        }
                      },
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  },
                  "500": {
                    "$ref": "#/components/responses/ServerError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  },
                  "503": {
                    "$ref": "#/components/responses/Busy"
                  },
                  "504": {
                    "$ref": "#/components/responses/Timeout"
                  }
                }
              }
            },
            "/api/check": {
              "post": {
                "operationId": "check",
                "summary": "What `nianbao check` prints for the report.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Filename"
                  },
                  {
                    "$ref": "#/components/parameters/Url"
                  },
                  {
                    "name": "all",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "",
                        "1",
                        "true",
                        "0",
                        "false"
                      ]
                    },
                    "description": "List the rules that pass too."
                  }
                ],
                "requestBody": {
                  "$ref": "#/components/requestBodies/Report"
                },
                "responses": {
                  "200": {
                    "description": "The check report.",
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "headers": {
                      "X-Nianbao-Check": {
                        "schema": {
                          "type": "string",
                          "enum": [
                            "pass",
                            "fail"
                          ]
                        },
                        "description": "fail when a 勾稽 rule failed."
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  },
                  "500": {
                    "$ref": "#/components/responses/ServerError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  },
                  "503": {
                    "$ref": "#/components/responses/Busy"
                  },
                  "504": {
                    "$ref": "#/components/responses/Timeout"
                  }
                }
              }
            },
            "/api/pages": {
              "post": {
                "operationId": "pages",
                "summary": "For an uploaded PDF, the pages that hold the report's table cells, drawn with what `nianbao extract --overlay` draws, and each cell's rectangle on its page (the web page highlights a clicked cell's rectangle). Images are in the response as data: URIs; nothing is kept on the server.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Filename"
                  }
                ],
                "requestBody": {
                  "$ref": "#/components/requestBodies/Report"
                },
                "responses": {
                  "200": {
                    "description": "The pages (none for a report that is not a PDF) and the located cells.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Pages"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  },
                  "500": {
                    "$ref": "#/components/responses/ServerError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Busy"
                  },
                  "504": {
                    "$ref": "#/components/responses/Timeout"
                  }
                }
              }
            },
            "/api/view": {
              "post": {
                "operationId": "view",
                "summary": "What the web page shows of a report, from one conversion: the JSON output, the annotated HTML fragment and, for an uploaded PDF, its pages as /api/pages draws them.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Filename"
                  },
                  {
                    "$ref": "#/components/parameters/Url"
                  }
                ],
                "requestBody": {
                  "$ref": "#/components/requestBodies/Report"
                },
                "responses": {
                  "200": {
                    "description": "The report, its annotated table and its pages.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/View"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  },
                  "500": {
                    "$ref": "#/components/responses/ServerError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  },
                  "503": {
                    "$ref": "#/components/responses/Busy"
                  },
                  "504": {
                    "$ref": "#/components/responses/Timeout"
                  }
                }
              }
            },
            "/api/schema": {
              "get": {
                "operationId": "schema",
                "summary": "The JSON Schema of the JSON output (what `nianbao schema` prints).",
                "responses": {
                  "200": {
                    "description": "The JSON Schema.",
                    "content": {
                      "application/schema+json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/openapi.json": {
              "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "responses": {
                  "200": {
                    "description": "The OpenAPI document.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Report": {
                "type": "object",
                "description": "A report as `nianbao convert --to json` writes it; its JSON Schema is served at /api/schema."
              },
              "View": {
                "type": "object",
                "required": [
                  "report",
                  "html",
                  "pages"
                ],
                "properties": {
                  "report": {
                    "$ref": "#/components/schemas/Report"
                  },
                  "html": {
                    "type": "string",
                    "description": "The report's <article> as `nianbao convert --to html --fragment --annotate` writes it."
                  },
                  "pages": {
                    "$ref": "#/components/schemas/Pages"
                  }
                },
                "description": "The pages are drawn for an uploaded PDF only: none for a url or another format."
              },
              "Pages": {
                "type": "object",
                "required": [
                  "source",
                  "pages",
                  "omittedPages",
                  "cells"
                ],
                "properties": {
                  "source": {
                    "type": "object",
                    "properties": {
                      "file": {
                        "type": "string"
                      },
                      "format": {
                        "type": "string"
                      }
                    }
                  },
                  "pages": {
                    "type": "array",
                    "description": "The pages that hold cells, in order: at most 12, each at most 1000 px wide.",
                    "items": {
                      "type": "object",
                      "required": [
                        "page",
                        "width",
                        "height",
                        "pixelWidth",
                        "pixelHeight",
                        "image"
                      ],
                      "properties": {
                        "page": {
                          "type": "integer",
                          "minimum": 1
                        },
                        "width": {
                          "type": "number",
                          "description": "Points."
                        },
                        "height": {
                          "type": "number",
                          "description": "Points."
                        },
                        "pixelWidth": {
                          "type": "integer"
                        },
                        "pixelHeight": {
                          "type": "integer"
                        },
                        "image": {
                          "type": "string",
                          "description": "data:image/png;base64,…"
                        }
                      }
                    }
                  },
                  "omittedPages": {
                    "type": "array",
                    "items": {
                      "type": "integer"
                    },
                    "description": "Pages holding cells beyond the 12 drawn."
                  },
                  "cells": {
                    "type": "array",
                    "description": "Each recorded cell with a place on a page, in template order.",
                    "items": {
                      "type": "object",
                      "required": [
                        "key",
                        "page",
                        "box"
                      ],
                      "properties": {
                        "key": {
                          "type": "string",
                          "description": "The cell's dotted key, as data-key in the annotated HTML."
                        },
                        "page": {
                          "type": "integer",
                          "minimum": 1
                        },
                        "box": {
                          "type": "array",
                          "items": {
                            "type": "number"
                          },
                          "minItems": 4,
                          "maxItems": 4,
                          "description": "x0, y0, x1, y1 in points, origin at the page's top left, to a tenth (as cellSources)."
                        }
                      }
                    }
                  }
                }
              }
            },
            "parameters": {
              "Filename": {
                "description": "The upload's name: its extension tells its format (a label only, never a path the server opens). Without it the Content-Type does, else the content.",
                "in": "query",
                "name": "filename",
                "required": false,
                "schema": {
                  "maxLength": 255,
                  "minLength": 1,
                  "type": "string"
                }
              },
              "Url": {
                "description": "An http(s) address to fetch the report from instead of the body (which must then be empty): the page, or the attachment it links the report as; the pictures in a page's main content are fetched the same way and read by OCR when its text leaves a doubt. Only public addresses unless the server runs with --allow-private-urls.",
                "in": "query",
                "name": "url",
                "required": false,
                "schema": {
                  "format": "uri",
                  "maxLength": 4096,
                  "type": "string"
                }
              }
            },
            "requestBodies": {
              "Report": {
                "content": {
                  "application/octet-stream": {
                    "schema": {
                      "format": "binary",
                      "type": "string"
                    }
                  },
                  "application/pdf": {
                    "schema": {
                      "format": "binary",
                      "type": "string"
                    }
                  },
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  },
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  },
                  "multipart/form-data": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "file"
                      ],
                      "properties": {
                        "file": {
                          "type": "string",
                          "format": "binary",
                          "description": "The report file. Its filename (the last component only, a label, never a path) names it when the filename parameter does not; else the part's Content-Type, else the content tells the format."
                        }
                      }
                    }
                  }
                },
                "description": "The report file (PDF, HTML, Word, text, markdown…) as the body, or as the part named file of a multipart/form-data body (the size limit applies to the whole body); empty with url=.",
                "required": false
              }
            },
            "responses": {
              "BadRequest": {
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "description": "An unknown parameter, format or option, a bad url, a body with url=, or a malformed multipart/form-data body (no boundary, truncated, no part named file or two) (one line of text)."
              },
              "Forbidden": {
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "description": "A url whose host is not at a public address, and the server allows only those."
              },
              "TooLarge": {
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "description": "An upload (or a fetched url) over the upload limit (--max-upload-mb)."
              },
              "Unprocessable": {
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "description": "An input that cannot be read or is not an annual report."
              },
              "ServerError": {
                "description": "The conversion's worker process crashed or used more memory than --max-memory-per-input; the server keeps serving.",
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "BadGateway": {
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "description": "A url that could not be fetched (an error status, no connection)."
              },
              "Busy": {
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "description": "Every conversion place is taken and as many wait (--concurrency); try again after Retry-After seconds.",
                "headers": {
                  "Retry-After": {
                    "description": "Seconds to wait: 5.",
                    "schema": {
                      "type": "integer"
                    }
                  }
                }
              },
              "Timeout": {
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "description": "The conversion, or a request of the url, took longer than the time limit (--timeout)."
              }
            }
          }
        }

        """#
}

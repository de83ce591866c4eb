//! `/api`: the API reference, a page drawn from the OpenAPI document itself,
//! so it always says what the server does.

use askama::Template;
use askama_web::WebTemplate;
use serde_json::Value;

use super::api_examples::{self, ExampleAnswer, Examples};
use crate::api::openapi;
use crate::web::Frame;

pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    /// More than the summary, when the handler says more, rendered from
    /// its Markdown (and sanitised, like any).
    pub details_html: String,
    pub signed_in: bool,
    pub params: Vec<Field>,
    pub body: Option<Body>,
    /// What the operation itself answers (its successes).
    pub responses: Vec<Answer>,
    /// The shared answers it can give, described once under Errors: "404", "422".
    pub shared: Vec<String>,
    /// An example call, as a curl line.
    pub curl: String,
    pub answer: Option<ExampleAnswer>,
}

pub struct Field {
    pub name: String,
    pub place: String,
    pub kind: Kind,
    pub required: bool,
    pub description: String,
}

/// A type as a reader of the page wants it: words, and a link to the schema it names.
pub struct Kind {
    pub label: String,
    pub schema: Option<String>,
}

pub struct Body {
    pub content_type: String,
    pub kind: Kind,
    pub description: String,
}

pub struct Answer {
    pub status: String,
    pub description: String,
    pub kind: Option<Kind>,
}

pub struct Schema {
    pub name: String,
    pub description: String,
    pub fields: Vec<Field>,
}

pub struct Group {
    pub tag: String,
    pub description: String,
    pub operations: Vec<Operation>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/reference.html")]
pub struct ReferencePage {
    frame: Frame,
    /// The document's description, rendered from its Markdown (and sanitised, like any).
    intro_html: String,
    groups: Vec<Group>,
    schemas: Vec<Schema>,
}

pub async fn show(frame: Frame) -> ReferencePage {
    let doc: Value = serde_json::from_str(openapi::document()).unwrap_or(Value::Null);
    let (groups, schemas) = read(&doc);
    ReferencePage {
        frame,
        intro_html: crate::domain::markdown::render(&text(&doc["info"]["description"])),
        groups,
        schemas,
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The operations by tag, in the document's tag order, and the schemas.
pub fn read(doc: &Value) -> (Vec<Group>, Vec<Schema>) {
    let examples = Examples::new(doc);
    let mut groups: Vec<Group> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| Group {
            tag: text(&t["name"]),
            description: text(&t["description"]),
            operations: Vec::new(),
        })
        .collect();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in ["get", "put", "post", "patch", "delete"] {
            let op = &item[method];
            if op.is_null() {
                continue;
            }
            let operation = operation(&examples, method, path, op);
            let tag = text(&op["tags"][0]);
            match groups.iter_mut().find(|g| g.tag == tag) {
                Some(g) => g.operations.push(operation),
                None => groups.push(Group {
                    tag,
                    description: String::new(),
                    operations: vec![operation],
                }),
            }
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| Schema {
            name: name.clone(),
            description: text(&s["description"]),
            fields: properties(s),
        })
        .collect();
    (groups, schemas)
}

fn operation(examples: &Examples, method: &str, path: &str, op: &Value) -> Operation {
    let params = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| Field {
            name: text(&p["name"]),
            place: text(&p["in"]),
            kind: kind(&p["schema"]),
            required: p["required"].as_bool().unwrap_or(false),
            description: text(&p["description"]),
        })
        .collect();
    let body = op["requestBody"]["content"]
        .as_object()
        .and_then(|c| c.iter().next())
        .map(|(content_type, c)| Body {
            content_type: content_type.clone(),
            kind: kind(&c["schema"]),
            description: text(&op["requestBody"]["description"]),
        });
    let mut responses = Vec::new();
    let mut shared = Vec::new();
    for (status, r) in op["responses"].as_object().into_iter().flatten() {
        // Problems (a `$ref` to a shared response) and 304 mean the same on
        // every operation: the Errors section says what, once.
        if r["$ref"].is_string() || status == "304" {
            shared.push(status.clone());
            continue;
        }
        responses.push(Answer {
            status: status.clone(),
            description: text(&r["description"]),
            kind: r["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|c| kind(&c["schema"])),
        });
    }
    shared.sort();
    Operation {
        id: text(&op["operationId"]),
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: text(&op["summary"]),
        details_html: render_details(&text(&op["description"])),
        signed_in: api_examples::signed_in(op),
        params,
        body,
        responses,
        shared,
        curl: examples.curl(method, path, op),
        answer: examples.answer(op),
    }
}

fn render_details(description: &str) -> String {
    let words = details(description);
    if words.is_empty() {
        String::new()
    } else {
        crate::domain::markdown::render(&words)
    }
}

/// A handler's comment without the call it starts by naming ("`GET /x`: ").
fn details(description: &str) -> String {
    let rest = match description.strip_prefix('`') {
        Some(quoted) => quoted.split_once('`').map_or("", |(_, rest)| rest),
        None => description,
    };
    let rest = rest.trim_start_matches(':').trim();
    let mut chars = rest.chars();
    chars.next().map_or(String::new(), |first| {
        first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('\n', " ")
    })
}

fn properties(schema: &Value) -> Vec<Field> {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| Field {
            name: name.clone(),
            place: String::new(),
            kind: kind(p),
            required: required.contains(&name.as_str()),
            description: text(&p["description"]).if_empty(|| {
                // A described reference sits inside a oneOf with null.
                p["oneOf"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find_map(|v| v["description"].as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
        })
        .collect()
}

trait IfEmpty {
    fn if_empty(self, other: impl FnOnce() -> String) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, other: impl FnOnce() -> String) -> String {
        if self.is_empty() { other() } else { self }
    }
}

/// Words for a JSON Schema: "string or null", "array of BookJson", "BookJson".
pub fn kind(schema: &Value) -> Kind {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r).to_string();
        return Kind {
            label: name.clone(),
            schema: Some(name),
        };
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let kinds: Vec<Kind> = options.iter().map(kind).collect();
        let schema = kinds.iter().find_map(|k| k.schema.clone());
        let label = kinds
            .into_iter()
            .map(|k| k.label)
            .collect::<Vec<_>>()
            .join(" or ");
        return Kind { label, schema };
    }
    let types: Vec<String> = match &schema["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let mut inner = None;
    let words: Vec<String> = types
        .into_iter()
        .map(|t| match t.as_str() {
            "array" => {
                let item = kind(&schema["items"]);
                let label = format!("array of {}", item.label);
                inner = item.schema;
                label
            }
            "string" if schema["format"] == "binary" => "bytes".to_string(),
            _ => t,
        })
        .collect();
    Kind {
        label: if words.is_empty() {
            "any".to_string()
        } else {
            words.join(" or ")
        },
        schema: inner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_read_as_words_and_link_their_schema() {
        let k = kind(&json!({"type": ["string", "null"]}));
        assert_eq!((k.label.as_str(), k.schema), ("string or null", None));
        let k = kind(&json!({"type": "array", "items": {"$ref": "#/components/schemas/BookJson"}}));
        assert_eq!(k.label, "array of BookJson");
        assert_eq!(k.schema.as_deref(), Some("BookJson"));
        let k =
            kind(&json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/CoverJson"}]}));
        assert_eq!(k.label, "null or CoverJson");
        assert_eq!(
            kind(&json!({"type": "string", "format": "binary"})).label,
            "bytes"
        );
    }

    #[test]
    fn details_drop_the_restated_call() {
        assert_eq!(details("`GET /imports/{id}`"), "");
        assert_eq!(
            details("`PUT /me/avatar`: the body is the picture."),
            "The body is the picture."
        );
        assert_eq!(details("The open flags."), "The open flags.");
    }

    #[test]
    fn the_generated_document_lists_every_operation_under_a_known_tag() {
        let doc: Value = serde_json::from_str(openapi::document()).unwrap_or(Value::Null);
        let (groups, schemas) = read(&doc);
        let ops: Vec<&Operation> = groups.iter().flat_map(|g| &g.operations).collect();
        assert!(ops.len() >= 50, "{}", ops.len());
        assert!(
            groups.iter().all(|g| !g.description.is_empty()),
            "a tag without words"
        );
        let search = ops.iter().find(|o| o.id == "get_search");
        assert!(search.is_some_and(|o| !o.signed_in && o.params.iter().any(|p| p.name == "q")));
        assert!(
            ops.iter().all(|o| !o.summary.is_empty()),
            "an operation without a summary"
        );
        assert!(schemas.iter().any(
            |s| s.name == "Problem" && s.fields.iter().any(|f| f.name == "code" && f.required)
        ));
    }
}

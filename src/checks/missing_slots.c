/* HOT301 missing-slots: a plain class whose instances have a fixed set of
 * attributes, all assigned in __init__, without __slots__; or a @dataclass
 * without slots=True (target >= 3.10). Anything that needs a per-instance
 * __dict__ (setattr, vars(self), __dict__, __weakref__, cached_property,
 * __getattr__/__setattr__), unknown bases, metaclasses and other decorators
 * make the class ineligible. Decided at the end of the file, when every
 * class of the module (possible slotted bases) is known. */
#include "checks/checks.h"

#include <string.h>

typedef struct class_facts {
  hl_name_set init_attributes;  /* self.x assigned in __init__ */
  hl_name_set other_attributes; /* self.x assigned in other methods */
  hl_name_set fields;           /* annotated names of the class body */
  bool needs_dict;              /* __dict__, vars(self), setattr, ... */
  bool zero_arg_super;
  bool has_init;
  bool candidate; /* decided eligible at class end */
  bool dataclass;
  TSNode bases; /* argument_list or null */
} class_facts;

typedef struct missing_slots_state {
  hl_class_table classes; /* class_facts per class */
} missing_slots_state;

static class_facts *facts_for(hl_check_context *context, int32_t index) {
  missing_slots_state *state = context->state;
  return hl_class_table_get(&state->classes, context->model->arena, index,
                            sizeof(class_facts));
}

static bool same_text(hl_model *model, TSNode node, const char *text,
                      uint32_t length) {
  uint32_t node_length;
  const char *node_text = hl_node_text(node, model->source, &node_length);
  return node_length == length && !memcmp(node_text, text, length);
}

static void record_self_attribute(hl_check_context *context, hl_scope *scope,
                                  TSNode target) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSNode object = hl_model_field(context->model, target, syntax->field.object);
  TSNode attribute =
      hl_model_field(context->model, target, syntax->field.attribute);
  if (ts_node_is_null(object) || ts_node_is_null(attribute) ||
      !same_text(model, object, scope->self_name, scope->self_length))
    return;
  class_facts *facts = facts_for(context, scope->class_index);
  const hl_function *function = &model->functions.items[scope->function];
  bool in_init =
      function->name_length == 8 && !memcmp(function->name, "__init__", 8);
  uint32_t length;
  const char *name = hl_node_text(attribute, model->source, &length);
  hl_name_set_add(in_init ? &facts->init_attributes : &facts->other_attributes,
                  model->arena, name, length);
  if (in_init)
    facts->has_init = true;
}

static void on_assignment(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  hl_scope *scope = hl_model_scope(model);
  TSNode left = hl_model_field(context->model, node, syntax->field.left);
  if (ts_node_is_null(left))
    return;
  if (scope->kind == HL_SCOPE_CLASS) {
    if (ts_node_symbol(left) != syntax->kind.identifier)
      return;
    if (hl_node_text_is(left, model->source, "__slots__"))
      model->classes.items[scope->class_index].defines_slots = true;
    if (!ts_node_is_null(
            hl_model_field(context->model, node, syntax->field.type))) {
      uint32_t length;
      const char *name = hl_node_text(left, model->source, &length);
      hl_name_set_add(&facts_for(context, scope->class_index)->fields,
                      model->arena, name, length);
    }
    return;
  }
  if (scope->kind != HL_SCOPE_FUNCTION || scope->class_index < 0 ||
      !scope->self_name)
    return;
  TSSymbol symbol = ts_node_symbol(left);
  if (symbol == syntax->kind.attribute) {
    record_self_attribute(context, scope, left);
  } else if (symbol == syntax->kind.pattern_list ||
             symbol == syntax->kind.tuple_pattern ||
             symbol == syntax->kind.list_pattern) {
    uint32_t count = ts_node_named_child_count(left);
    for (uint32_t i = 0; i < count; i++) {
      TSNode target = ts_node_named_child(left, i);
      if (ts_node_symbol(target) == syntax->kind.attribute)
        record_self_attribute(context, scope, target);
    }
  }
}

static void on_call(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSNode function =
      hl_model_field(context->model, node, syntax->field.function);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.identifier)
    return;
  int32_t cls = hl_model_current_class(model);
  if (cls < 0)
    return;
  if (hl_node_text_is(function, model->source, "setattr") ||
      hl_node_text_is(function, model->source, "vars") ||
      hl_node_text_is(function, model->source, "cached_property")) {
    facts_for(context, cls)->needs_dict = true;
  } else if (hl_node_text_is(function, model->source, "super")) {
    TSNode arguments =
        hl_model_field(context->model, node, syntax->field.arguments);
    if (!ts_node_is_null(arguments) && !ts_node_named_child_count(arguments))
      facts_for(context, cls)->zero_arg_super = true;
  }
}

static void on_name_use(hl_check_context *context, TSNode node) {
  /* attribute or decorator: look for names that need a __dict__ */
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSNode name = node;
  if (ts_node_symbol(node) == syntax->kind.attribute) {
    /* cheap pre-filter: an attribute's text ends with its name */
    uint32_t end = ts_node_end_byte(node), start = ts_node_start_byte(node);
    bool dict =
        end - start >= 10 && !memcmp(model->source + end - 8, "__dict__", 8);
    bool weakref = end - start >= 13 &&
                   !memcmp(model->source + end - 11, "__weakref__", 11);
    if (!dict && !weakref)
      return;
    name = hl_model_field(context->model, node, syntax->field.attribute);
  } else if (ts_node_symbol(node) == syntax->kind.decorator)
    name = ts_node_named_child(node, 0);
  if (ts_node_is_null(name))
    return;
  uint32_t length;
  const char *text = hl_node_text(name, model->source, &length);
  bool needs_dict = false;
  if (ts_node_symbol(node) == syntax->kind.decorator) {
    static const char word[] = "cached_property";
    for (uint32_t i = 0; i + sizeof word - 1 <= length && !needs_dict; i++)
      needs_dict = !memcmp(text + i, word, sizeof word - 1);
  } else {
    needs_dict = (length == 8 && !memcmp(text, "__dict__", 8)) ||
                 (length == 11 && !memcmp(text, "__weakref__", 11));
  }
  if (!needs_dict)
    return;
  int32_t cls = hl_model_current_class(model);
  if (cls >= 0)
    facts_for(context, cls)->needs_dict = true;
}

static void on_node(hl_check_context *context, TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  const hl_kinds *kind = &context->syntax->kind;
  if (symbol == kind->assignment || symbol == kind->augmented_assignment)
    on_assignment(context, node);
  else if (symbol == kind->call)
    on_call(context, node);
  else
    on_name_use(context, node);
}

/* Returns 1 for a dataclass decorator without slots=True, 2 for one with
 * it, 0 for anything else. */
static int dataclass_decorator(hl_check_context *context, TSNode decorator) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSNode expression = ts_node_named_child(decorator, 0);
  if (ts_node_is_null(expression))
    return 0;
  TSNode arguments = {0};
  if (ts_node_symbol(expression) == syntax->kind.call) {
    arguments =
        hl_model_field(context->model, expression, syntax->field.arguments);
    expression =
        hl_model_field(context->model, expression, syntax->field.function);
    if (ts_node_is_null(expression))
      return 0;
  }
  if (!hl_node_text_is(expression, model->source, "dataclass") &&
      !hl_node_text_is(expression, model->source, "dataclasses.dataclass"))
    return 0;
  if (!ts_node_is_null(arguments)) {
    uint32_t count = ts_node_named_child_count(arguments);
    for (uint32_t i = 0; i < count; i++) {
      TSNode argument = ts_node_named_child(arguments, i);
      if (ts_node_symbol(argument) != syntax->kind.keyword_argument)
        return 0; /* dataclass(**options): unknown */
      TSNode name =
          hl_model_field(context->model, argument, syntax->field.name);
      TSNode value =
          hl_model_field(context->model, argument, syntax->field.value);
      if (!ts_node_is_null(name) &&
          hl_node_text_is(name, model->source, "slots"))
        return !ts_node_is_null(value) &&
                       hl_node_text_is(value, model->source, "False")
                   ? 1
                   : 2;
    }
  }
  return 1;
}

static bool has_dict_methods(hl_model *model, int32_t class_index) {
  static const char *const names[] = {"__getattr__", "__setattr__",
                                      "__delattr__", "__getattribute__"};
  const hl_class *cls = &model->classes.items[class_index];
  /* the class's methods: defined after it began, before it ends */
  for (size_t i = cls->first_function;
       i < model->functions.count &&
       model->functions.items[i].start_byte < cls->end_byte;
       i++) {
    const hl_function *function = &model->functions.items[i];
    if (function->class_index != class_index)
      continue;
    for (size_t k = 0; k < 4; k++)
      if (strlen(names[k]) == function->name_length &&
          !memcmp(names[k], function->name, function->name_length))
        return true;
  }
  return false;
}

static bool attributes_fixed(hl_model *model, class_facts *facts,
                             const hl_class *cls) {
  if (!facts->has_init || !facts->init_attributes.count)
    return false;
  for (uint32_t i = 0; i < facts->other_attributes.capacity; i++) {
    hl_name_entry *entry = &facts->other_attributes.slots[i];
    if (entry->name &&
        !hl_name_set_find(&facts->init_attributes, entry->name, entry->length))
      return false; /* added outside __init__ */
  }
  for (uint32_t i = 0; i < facts->init_attributes.capacity; i++) {
    hl_name_entry *entry = &facts->init_attributes.slots[i];
    if (entry->name &&
        hl_name_set_find(&cls->body_names, entry->name, entry->length))
      return false; /* a class attribute of the same name would clash */
  }
  (void)model;
  return true;
}

static void on_scope_leave(hl_check_context *context, hl_scope *scope) {
  if (scope->kind != HL_SCOPE_CLASS)
    return;
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  hl_class *cls = &model->classes.items[scope->class_index];
  class_facts *facts = facts_for(context, scope->class_index);
  if (cls->parent_function >= 0 || cls->defines_slots || facts->needs_dict ||
      has_dict_methods(model, scope->class_index))
    return;
  /* decorators */
  if (!ts_node_is_null(cls->decorated)) {
    uint32_t count = ts_node_named_child_count(cls->decorated);
    int dataclass = 0;
    for (uint32_t i = 0; i < count; i++) {
      TSNode child = ts_node_named_child(cls->decorated, i);
      if (ts_node_symbol(child) != syntax->kind.decorator)
        continue;
      int kind = dataclass_decorator(context, child);
      if (!kind)
        return; /* another decorator may rely on __dict__ */
      dataclass = kind;
    }
    if (dataclass != 1 || context->target_minor < 10 || facts->zero_arg_super)
      return;
    const hl_name_set *assigned[] = {&facts->init_attributes,
                                     &facts->other_attributes};
    for (size_t set = 0; set < 2; set++)
      for (uint32_t i = 0; i < assigned[set]->capacity; i++) {
        const hl_name_entry *entry = &assigned[set]->slots[i];
        if (entry->name &&
            !hl_name_set_find(&facts->fields, entry->name, entry->length))
          return; /* not a field: slots=True would reject the assignment */
      }
    facts->dataclass = true;
  } else if (!attributes_fixed(model, facts, cls)) {
    return;
  }
  TSNode bases =
      hl_model_field(context->model, cls->node, syntax->field.superclasses);
  if (!ts_node_is_null(bases)) {
    uint32_t count = ts_node_named_child_count(bases);
    for (uint32_t i = 0; i < count; i++)
      if (ts_node_symbol(ts_node_named_child(bases, i)) !=
          syntax->kind.identifier)
        return; /* metaclass=..., Generic[T], module.Base: not plain */
  }
  facts->bases = bases;
  facts->candidate = true;
}

/* Names used as a base by some class of the module: a class that is
 * subclassed here gains little from __slots__ unless every subclass adds
 * them too, so it is not reported. */
static hl_name_set subclassed_names(hl_check_context *context) {
  hl_model *model = context->model;
  hl_name_set names = {0};
  for (size_t i = 0; i < model->classes.count; i++) {
    TSNode bases = hl_model_field(context->model, model->classes.items[i].node,
                                  context->syntax->field.superclasses);
    uint32_t count =
        ts_node_is_null(bases) ? 0 : ts_node_named_child_count(bases);
    for (uint32_t k = 0; k < count; k++) {
      TSNode base = ts_node_named_child(bases, k);
      if (ts_node_symbol(base) != context->syntax->kind.identifier)
        continue;
      uint32_t length;
      const char *name = hl_node_text(base, model->source, &length);
      hl_name_set_add(&names, model->arena, name, length);
    }
  }
  return names;
}

static void on_file_end(hl_check_context *context) {
  hl_model *model = context->model;
  missing_slots_state *state = context->state;
  hl_name_set subclassed = subclassed_names(context);
  for (size_t index = 0; index < model->classes.count; index++) {
    class_facts *facts = hl_class_table_find(&state->classes, index);
    if (!facts || !facts->candidate)
      continue;
    hl_class *cls = &model->classes.items[index];
    if (hl_name_set_find(&subclassed, cls->name, cls->name_length))
      continue;
    bool bases_ok = true;
    if (!ts_node_is_null(facts->bases)) {
      uint32_t count = ts_node_named_child_count(facts->bases);
      for (uint32_t i = 0; i < count && bases_ok; i++) {
        TSNode base = ts_node_named_child(facts->bases, i);
        uint32_t length;
        const char *name = hl_node_text(base, model->source, &length);
        if (length == 6 && !memcmp(name, "object", 6))
          continue;
        hl_name_entry *entry =
            hl_name_set_find(&model->module_classes, name, length);
        hl_name_entry *bindings =
            hl_name_set_find(&model->module_bindings, name, length);
        size_t base_index = entry ? entry->value - 1 : 0;
        bases_ok = entry && base_index < index && bindings &&
                   bindings->value == 1 &&
                   model->classes.items[base_index].defines_slots;
      }
    }
    if (!bases_ok) {
      facts->candidate = false; /* its subclasses cannot rely on it */
      continue;
    }
    TSNode name_node =
        hl_model_field(context->model, cls->node, context->syntax->field.name);
    uint32_t end = ts_node_is_null(name_node) ? ts_node_end_byte(cls->node)
                                              : ts_node_end_byte(name_node);
    hl_pending *pending = hl_model_report(model, context->rule,
                                          ts_node_start_byte(cls->node), end);
    pending->class_index = (int32_t)index;
    pending->class_hotness = true;
    const char *reason = facts->dataclass
                             ? "a @dataclass without slots=True"
                             : "a plain class whose attributes are all set in "
                               "__init__";
    hl_pending_capture(pending, "reason", reason, (uint32_t)strlen(reason));
  }
}

static const char *const kinds[] = {"assignment", "augmented_assignment",
                                    "call",       "attribute",
                                    "decorator",  NULL};

const hl_check hl_check_missing_slots = {
    .name = "missing_slots",
    .kinds = kinds,
    .state_size = sizeof(missing_slots_state),
    .on_node = on_node,
    .on_scope_leave = on_scope_leave,
    .on_file_end = on_file_end,
};

'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { createRuleAction, type RuleState } from './rules-actions';

const SET_OPS = [['eq', 'is / has'], ['ne', 'is not / has not']] as const;
const ALL_OPS = [['eq', '='], ['ne', '≠'], ['lt', '<'], ['lte', '≤'], ['gt', '>'], ['gte', '≥']] as const;

/** Adds a business rule: action, then the condition (field, property name, comparison, value). */
export function RuleForm({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<RuleState>(createRuleAction.bind(null, workspaceId), null);
  const [field, setField] = useState('category');
  const ops = field === 'price' || field === 'property' ? ALL_OPS : SET_OPS;
  return (
    <form onSubmit={onSubmit} className="grid grid-cols-1 gap-3 border-t border-stone-200 p-5 sm:grid-cols-6 sm:items-end" aria-label="New rule" data-testid="rule-form">
      <div className="sm:col-span-2">
        <label htmlFor="rule-name" className={labelClass}>Name</label>
        <input id="rule-name" name="name" required maxLength={100} placeholder="Summer tents first" className={`${inputClass} mt-1.5`} />
      </div>
      <div>
        <label htmlFor="rule-action" className={labelClass}>Action</label>
        <select id="rule-action" name="action" defaultValue="pin" className={`${inputClass} mt-1.5`}>
          <option value="pin">Pin (first)</option>
          <option value="boost">Boost (ahead)</option>
          <option value="bury">Bury (last)</option>
          <option value="filter">Filter (only these)</option>
        </select>
      </div>
      <div>
        <label htmlFor="rule-field" className={labelClass}>Field</label>
        <select id="rule-field" name="field" value={field} onChange={(e) => setField(e.target.value)} className={`${inputClass} mt-1.5`}>
          <option value="id">Item id</option>
          <option value="category">Category</option>
          <option value="tag">Tag</option>
          <option value="price">Price</option>
          <option value="property">Property</option>
        </select>
      </div>
      {field === 'property' ? (
        <div>
          <label htmlFor="rule-key" className={labelClass}>Property name</label>
          <input id="rule-key" name="key" placeholder="brand" className={`${inputClass} mt-1.5`} />
        </div>
      ) : null}
      <div>
        <label htmlFor="rule-op" className={labelClass}>Comparison</label>
        <select id="rule-op" name="op" key={field} defaultValue="eq" className={`${inputClass} mt-1.5`}>
          {ops.map(([v, label]) => (
            <option key={v} value={v}>{label}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="rule-value" className={labelClass}>Value</label>
        <input id="rule-value" name="value" placeholder={field === 'price' ? '50' : field === 'property' ? 'acme, 42, true or "42"' : 'tents'} className={`${inputClass} mt-1.5`} />
      </div>
      <SubmitButton pending={pending} data-testid="rule-save">Add rule</SubmitButton>
      {state?.ok ? (
        <Alert tone="success" className="sm:col-span-6">Rule added: the preview and the API apply it now (other api processes within a second).</Alert>
      ) : state ? (
        <Alert tone="error" className="sm:col-span-6">{state.error}</Alert>
      ) : null}
    </form>
  );
}

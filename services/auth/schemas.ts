import { z } from 'zod';

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' }).max(254));
export const passwordSchema = z
  .string()
  .min(10, 'Password must be at least 10 characters')
  .max(200, 'Password must be at most 200 characters');
export const personNameSchema = z.string().trim().min(1, 'Name is required').max(100);
export const workspaceNameSchema = z.string().trim().min(1, 'Workspace name is required').max(100);

export const signUpSchema = z.strictObject({
  email: emailSchema,
  name: personNameSchema,
  password: passwordSchema,
  workspaceName: workspaceNameSchema.optional(),
});
export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

/** The one row a table shows when it has nothing to list: loading, empty, or no match. */
export function EmptyRow({ cols, text }: { cols: number; text: string }) {
  return (
    <tr>
      <td colSpan={cols} className="py-8 text-center font-sans text-gray-500">
        {text}
      </td>
    </tr>
  );
}

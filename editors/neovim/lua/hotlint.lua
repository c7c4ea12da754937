-- hotlint in Neovim: diagnostics, hover and code actions from `hotlint lsp`.
-- Works with Neovim 0.7 and later (vim.lsp.start_client); on 0.11 and
-- later it registers the server with vim.lsp.config / vim.lsp.enable.
--
--   require('hotlint').setup({
--     cmd = { 'hotlint', 'lsp' },             -- how to start the server
--     settings = { select = { 'HOT1' }, run = 'onType' },  -- see docs/lsp.md
--   })
local M = {}

local root_markers = { 'pyproject.toml', 'hotlint.yaml', '.git' }

local function find_root(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while dir and dir ~= '' do
    for _, marker in ipairs(root_markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.getcwd()
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'hotlint', 'lsp' }
  local settings = opts.settings or {}

  if vim.lsp.config and vim.lsp.enable then -- Neovim 0.11+
    vim.lsp.config('hotlint', {
      cmd = cmd,
      filetypes = { 'python' },
      root_markers = root_markers,
      init_options = settings,
      settings = { hotlint = settings },
    })
    vim.lsp.enable('hotlint')
    return
  end

  -- Neovim 0.7 to 0.10: one client per root, attached to Python buffers
  local clients = {}
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'python',
    callback = function(args)
      local root = find_root(vim.api.nvim_buf_get_name(args.buf))
      local id = clients[root]
      if not id then
        id = vim.lsp.start_client({
          name = 'hotlint',
          cmd = cmd,
          root_dir = root,
          init_options = settings,
          settings = { hotlint = settings },
        })
        clients[root] = id
      end
      if id then
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end

return M
